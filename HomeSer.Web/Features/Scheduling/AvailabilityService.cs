using HomeSer.Web.Data;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Scheduling;

public sealed record SlotView(DateTime StartTime, DateTime EndTime);

public sealed record AvailabilityView(int Provider, string Timezone, IReadOnlyList<SlotView> Slots);

/// <summary>
/// Loads a provider's calendar from the database and asks the pure <see cref="AvailabilityEngine"/> about it; the public
/// slot lists go through <see cref="AvailabilityCache"/>, the loaders used by booking validation always hit the database.
/// </summary>
public sealed class AvailabilityService(HomeSerDbContext db, TimeProvider clock, AvailabilityCache cache, CalendarLoader loader)
{
    public const int MaxDays = 31;

    private sealed record ProviderCalendarRow(ProviderProfile Provider, int? ShortestService);

    // One query for what the calendar needs, with the shortest active service alongside: a warm read is this query and a
    // cache hit, so it is compiled once instead of translated per request.
    private static readonly PerModel<Func<HomeSerDbContext, int, CancellationToken, Task<ProviderCalendarRow?>>> CalendarRow = new(() =>
        EF.CompileAsyncQuery((HomeSerDbContext db, int providerId, CancellationToken ct) => db.Providers.AsNoTracking()
            .Where(p => p.Id == providerId)
            .Select(p => new ProviderCalendarRow(
                new ProviderProfile
                {
                    Id = p.Id,
                    TimeZoneId = p.TimeZoneId,
                    IsActive = p.IsActive,
                    IsVerified = p.IsVerified,
                    BufferMinutes = p.BufferMinutes,
                    MinNoticeMinutes = p.MinNoticeMinutes,
                    MaxAdvanceDays = p.MaxAdvanceDays,
                    SlotStepMinutes = p.SlotStepMinutes,
                    TravelSpeedKmh = p.TravelSpeedKmh,
                    ScheduleVersion = p.ScheduleVersion,
                },
                p.Services.Where(s => s.IsActive).Min(s => (int?)s.DurationMinutes)))
            .FirstOrDefault()));

    private const int FallbackDurationMinutes = 60;

    /// <summary>The weekdays the provider has working hours on, in their own zone.</summary>
    public async Task<IReadOnlySet<DayOfWeek>> WorkingDaysAsync(int providerId, CancellationToken ct) =>
        (await db.WeeklyHours.AsNoTracking().Where(h => h.ProviderId == providerId).Select(h => h.Day).Distinct().ToListAsync(ct)).ToHashSet();

    /// <summary>
    /// Free slots for <paramref name="days"/> provider-local days from <paramref name="date"/> (today in the provider's
    /// zone when null); from a place, only the starts the provider can reach from their other jobs.
    /// </summary>
    public async Task<Result<AvailabilityView>> GetSlotsAsync(int providerId, DateOnly? date, int days, int? serviceId, CancellationToken ct,
        GeoPoint? from = null)
    {
        var row = await CalendarRow.For(db)(db, providerId, ct);
        if (row is null)
        {
            return DomainError.NotFound("Provider");
        }
        var provider = row.Provider;

        if (days is < 1 or > MaxDays)
        {
            return DomainError.Validation("days", $"days must be between 1 and {MaxDays}.");
        }

        int durationMinutes;
        if (serviceId is { } id)
        {
            var service = await db.Services.AsNoTracking().Where(s => s.Id == id && s.ProviderId == providerId && s.IsActive)
                .Select(s => new { s.DurationMinutes }).FirstOrDefaultAsync(ct);
            if (service is null)
            {
                return DomainError.Validation("service", "This provider offers no active service with that id.");
            }
            durationMinutes = service.DurationMinutes;
        }
        else
        {
            // Without a service the calendar is sized by the provider's shortest service: every slot shown fits something.
            durationMinutes = row.ShortestService ?? FallbackDurationMinutes;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var firstDay = date ?? AvailabilityEngine.LocalDate(provider.TimeZoneId, now);
        if (!provider.IsActive || !provider.IsVerified)
        {
            return new AvailabilityView(provider.Id, provider.TimeZoneId, []);
        }

        // The provider row was read before anything the slots are computed from, so an entry stored under this
        // version holds data at least as new as the version (see CalendarKey).
        var key = new CalendarKey(provider.Id, provider.ScheduleVersion, firstDay, days, durationMinutes, from);
        var cached = await cache.GetOrCreateAsync(key, async token => await ComputeSlotsAsync(provider, firstDay, days, durationMinutes, from, token), ct);
        var slots = AvailabilityCache.Window(cached, provider.MinNoticeMinutes, provider.MaxAdvanceDays, now);
        return new AvailabilityView(provider.Id, provider.TimeZoneId, slots.Select(s => new SlotView(s.StartUtc, s.EndUtc)).ToList());
    }

    /// <summary>
    /// Free starts of one duration from one place, exactly as a create or a move is validated; with
    /// <paramref name="movingBookingId"/> that booking's own time counts as free. Not cached: the answer is for one request.
    /// </summary>
    public async Task<Result<AvailabilityView>> GetSlotsOfDurationAsync(int providerId, int durationMinutes, DateOnly date, int days,
        GeoPoint? from, int? movingBookingId, CancellationToken ct)
    {
        if (days is < 1 or > MaxDays)
        {
            return DomainError.Validation("days", $"days must be between 1 and {MaxDays}.");
        }
        var provider = await db.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == providerId, ct);
        if (provider is null)
        {
            return DomainError.NotFound("Provider");
        }
        if (!provider.IsActive || !provider.IsVerified)
        {
            return new AvailabilityView(provider.Id, provider.TimeZoneId, []);
        }
        var computed = await ComputeSlotsAsync(provider, date, days, durationMinutes, from, ct, excludeBookingId: movingBookingId);
        var slots = AvailabilityCache.Window(computed, provider.MinNoticeMinutes, provider.MaxAdvanceDays, clock.GetUtcNow().UtcDateTime);
        return new AvailabilityView(provider.Id, provider.TimeZoneId, slots.Select(s => new SlotView(s.StartUtc, s.EndUtc)).ToList());
    }

    /// <summary>Slots of a run of days before the booking window: one query per table, however many days.</summary>
    private async Task<CachedSlots> ComputeSlotsAsync(ProviderProfile provider, DateOnly firstDay, int days, int durationMinutes, GeoPoint? from,
        CancellationToken ct, int? excludeBookingId = null)
    {
        var schedule = await loader.ScheduleAsync(provider, ct);
        // A slot late on the last day may run past its midnight, so bookings up to one duration later matter too.
        var range = AvailabilityEngine.UtcRangeAffectingLocalDays(schedule, firstDay, days);
        range = range with { End = range.End.AddMinutes(durationMinutes) };
        var blocking = await loader.BlockingAsync(provider.Id, range, excludeBookingId, ct);
        return AvailabilityCache.Compute(schedule, blocking.TimeOff, blocking.Busy, firstDay, days, durationMinutes, from);
    }

    /// <summary>The provider's weekly schedule and rules, or null for an unknown provider.</summary>
    public async Task<ProviderSchedule?> LoadScheduleAsync(int providerId, CancellationToken ct)
    {
        var provider = await db.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == providerId, ct);
        return provider is null ? null : await loader.ScheduleAsync(provider, ct);
    }
}
