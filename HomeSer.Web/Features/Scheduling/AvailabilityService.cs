using HomeSer.Web.Data;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Scheduling;

public sealed record SlotView(DateTime StartTime, DateTime EndTime);

public sealed record AvailabilityView(int Provider, string Timezone, IReadOnlyList<SlotView> Slots);

/// <summary>What blocks a provider's time in a UTC range: time off, and active bookings (without their buffers).</summary>
public sealed record BlockingTime(IReadOnlyList<UtcInterval> TimeOff, IReadOnlyList<UtcInterval> Busy);

/// <summary>
/// Loads a provider's calendar from the database and asks the pure <see cref="AvailabilityEngine"/> about it; the public
/// slot lists go through <see cref="AvailabilityCache"/>, the loaders used by booking validation always hit the database.
/// </summary>
public sealed class AvailabilityService(HomeSerDbContext db, TimeProvider clock, AvailabilityCache cache)
{
    public const int MaxDays = 31;
    private const int FallbackDurationMinutes = 60;

    /// <summary>Free slots for <paramref name="days"/> provider-local days from <paramref name="date"/> (today in the provider's zone when null).</summary>
    public async Task<Result<AvailabilityView>> GetSlotsAsync(int providerId, DateOnly? date, int days, int? serviceId, CancellationToken ct)
    {
        // One query for what the calendar needs, with the shortest active service alongside (a warm read is this query
        // and a cache hit).
        var row = await db.Providers.AsNoTracking().Where(p => p.Id == providerId)
            .Select(p => new
            {
                Provider = new ProviderProfile
                {
                    Id = p.Id,
                    TimeZoneId = p.TimeZoneId,
                    IsActive = p.IsActive,
                    IsVerified = p.IsVerified,
                    BufferMinutes = p.BufferMinutes,
                    MinNoticeMinutes = p.MinNoticeMinutes,
                    MaxAdvanceDays = p.MaxAdvanceDays,
                    SlotStepMinutes = p.SlotStepMinutes,
                    ScheduleVersion = p.ScheduleVersion,
                },
                ShortestService = p.Services.Where(s => s.IsActive).Min(s => (int?)s.DurationMinutes),
            })
            .FirstOrDefaultAsync(ct);
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
        var key = new CalendarKey(provider.Id, provider.ScheduleVersion, firstDay, days, durationMinutes);
        var cached = await cache.GetOrCreateAsync(key, async token => await ComputeSlotsAsync(provider, firstDay, days, durationMinutes, token), ct);
        var slots = AvailabilityCache.Window(cached, provider.MinNoticeMinutes, provider.MaxAdvanceDays, now);
        return new AvailabilityView(provider.Id, provider.TimeZoneId, slots.Select(s => new SlotView(s.StartUtc, s.EndUtc)).ToList());
    }

    /// <summary>
    /// Where a booking could move to: its own time counts as free and slots are sized by its duration, exactly as the
    /// reschedule is validated. Not cached: the answer is for one booking.
    /// </summary>
    public async Task<Result<AvailabilityView>> GetSlotsForMoveAsync(int providerId, int bookingId, int durationMinutes, DateOnly date, int days, CancellationToken ct)
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
        var computed = await ComputeSlotsAsync(provider, date, days, durationMinutes, ct, excludeBookingId: bookingId);
        var slots = AvailabilityCache.Window(computed, provider.MinNoticeMinutes, provider.MaxAdvanceDays, clock.GetUtcNow().UtcDateTime);
        return new AvailabilityView(provider.Id, provider.TimeZoneId, slots.Select(s => new SlotView(s.StartUtc, s.EndUtc)).ToList());
    }

    /// <summary>Slots of a run of days before the booking window: one query per table, however many days.</summary>
    private async Task<CachedSlots> ComputeSlotsAsync(ProviderProfile provider, DateOnly firstDay, int days, int durationMinutes, CancellationToken ct, int? excludeBookingId = null)
    {
        var schedule = await LoadScheduleAsync(provider, ct);
        // A slot late on the last day may run past its midnight, so bookings up to one duration later matter too.
        var range = AvailabilityEngine.UtcRangeAffectingLocalDays(schedule, firstDay, days);
        range = range with { End = range.End.AddMinutes(durationMinutes) };
        var blocking = await LoadBlockingAsync(provider.Id, range, excludeBookingId, ct);
        return AvailabilityCache.Compute(schedule, blocking.TimeOff, blocking.Busy, firstDay, days, durationMinutes);
    }

    /// <summary>The provider's weekly schedule and rules, or null for an unknown provider.</summary>
    public async Task<ProviderSchedule?> LoadScheduleAsync(int providerId, CancellationToken ct)
    {
        var provider = await db.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == providerId, ct);
        return provider is null ? null : await LoadScheduleAsync(provider, ct);
    }

    /// <summary>The schedule of a provider already loaded (two queries: weekly hours and breaks).</summary>
    public async Task<ProviderSchedule> LoadScheduleAsync(ProviderProfile provider, CancellationToken ct)
    {
        var hours = await db.WeeklyHours.AsNoTracking().Where(h => h.ProviderId == provider.Id)
            .Select(h => new WorkingInterval(h.Day, h.Start, h.End)).ToListAsync(ct);
        var breaks = await db.WeeklyBreaks.AsNoTracking().Where(b => b.ProviderId == provider.Id)
            .Select(b => new WorkingBreak(b.Day, b.Start, b.End)).ToListAsync(ct);
        return new ProviderSchedule(provider.TimeZoneId, hours, breaks, provider.BufferMinutes, provider.MinNoticeMinutes,
            provider.MaxAdvanceDays, provider.SlotStepMinutes);
    }

    /// <summary>
    /// Time off and active bookings overlapping <paramref name="range"/> (two queries, filtered in SQL), optionally
    /// leaving out one booking (the one being rescheduled). The range must already include the buffer.
    /// </summary>
    public async Task<BlockingTime> LoadBlockingAsync(int providerId, UtcInterval range, int? excludeBookingId, CancellationToken ct)
    {
        var timeOff = await db.TimeOff.AsNoTracking()
            .Where(t => t.ProviderId == providerId && t.StartUtc < range.End && t.EndUtc > range.Start)
            .Select(t => new { t.StartUtc, t.EndUtc }).ToListAsync(ct);
        var busy = await db.Bookings.AsNoTracking()
            .Where(BookingFilters.HoldsProviderTime)
            .Where(b => b.ProviderId == providerId
                && b.StartUtc < range.End && b.ScheduledEndUtc > range.Start
                && (excludeBookingId == null || b.Id != excludeBookingId))
            .Select(b => new { b.StartUtc, b.ScheduledEndUtc }).ToListAsync(ct);
        return new BlockingTime(
            timeOff.Select(t => new UtcInterval(t.StartUtc, t.EndUtc)).ToList(),
            busy.Select(b => new UtcInterval(b.StartUtc, b.ScheduledEndUtc)).ToList());
    }
}
