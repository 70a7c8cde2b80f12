using System.ComponentModel;
using System.Globalization;
using HomeSer.Web.Features.Notifications;
using HomeSer.Web.Features.Operations;
using Microsoft.Extensions.Caching.Hybrid;

namespace HomeSer.Web.Features.Scheduling;

/// <summary>
/// Which free slots are cached: one provider, at one calendar version, over a run of local days, for one duration.
/// <paramref name="ScheduleVersion"/> is the provider's concurrency token, bumped by every write that takes or frees time
/// or changes the schedule; having it in the key means a computation that raced with a change can only ever be stored
/// under the version it read before loading, never be served for a later one. The place (<paramref name="From"/>) is
/// part of the key: travel time makes one home's free starts differ from another's.
/// </summary>
public readonly record struct CalendarKey(int ProviderId, long ScheduleVersion, DateOnly FirstDay, int Days, int DurationMinutes, GeoPoint? From = null)
{
    public string CacheKey => From is { } p
        ? string.Create(CultureInfo.InvariantCulture,
            $"slots:{ProviderId}:{ScheduleVersion}:{FirstDay:yyyyMMdd}:{Days}:{DurationMinutes}:{p.Lat:R},{p.Lng:R}")
        : string.Create(CultureInfo.InvariantCulture,
            $"slots:{ProviderId}:{ScheduleVersion}:{FirstDay:yyyyMMdd}:{Days}:{DurationMinutes}");
}

/// <summary>Free slots before the booking window is applied (they do not depend on "now"); never mutated once built.</summary>
[ImmutableObject(true)]
public sealed record CachedSlots(Slot[] Slots);

/// <summary>
/// Per-provider availability in HybridCache (in-process, Redis as second level when scaled out). Entries are tagged
/// <c>providers:{id}</c> and dropped by the events that change a calendar; what is cached never depends on the clock,
/// the booking window (past, minimum notice, maximum advance) is applied when reading. Bookings never read this cache:
/// the booking transaction re-checks the database.
/// </summary>
public sealed class AvailabilityCache(HybridCache cache) :
    IDomainEventHandler<AvailabilityChanged>, IDomainEventHandler<BookingStatusChanged>
{
    private static readonly HybridCacheEntryOptions Options = new()
    {
        Expiration = TimeSpan.FromMinutes(30),
        LocalCacheExpiration = TimeSpan.FromMinutes(10),
    };

    // Probe only: no factory call, no write on a miss.
    private static readonly HybridCacheEntryOptions ProbeOptions = new()
    {
        Flags = HybridCacheEntryFlags.DisableUnderlyingData | HybridCacheEntryFlags.DisableLocalCacheWrite
            | HybridCacheEntryFlags.DisableDistributedCacheWrite,
    };

    public static string Tag(int providerId) => string.Create(CultureInfo.InvariantCulture, $"providers:{providerId}");

    /// <summary>Stampede-safe: concurrent misses of one key run <paramref name="compute"/> once.</summary>
    public async ValueTask<CachedSlots> GetOrCreateAsync(CalendarKey key, Func<CancellationToken, ValueTask<CachedSlots>> compute, CancellationToken ct)
    {
        // A miss is a call of the factory; the lookup counts for the cache hit ratio (homeser.cache.lookups).
        var miss = new Miss(compute);
        var slots = await cache.GetOrCreateAsync(key.CacheKey, miss, static (miss, token) => miss.ComputeAsync(token), Options, [Tag(key.ProviderId)], ct);
        HomeSerMetrics.CacheLookup(hit: !miss.Computed);
        return slots;
    }

    private sealed class Miss(Func<CancellationToken, ValueTask<CachedSlots>> compute)
    {
        public bool Computed;

        public ValueTask<CachedSlots> ComputeAsync(CancellationToken ct)
        {
            Computed = true;
            return compute(ct);
        }
    }

    /// <summary>The cached slots, or null without computing anything.</summary>
    public async ValueTask<CachedSlots?> TryGetAsync(CalendarKey key, CancellationToken ct)
    {
        var slots = await cache.GetOrCreateAsync<CachedSlots?>(key.CacheKey, static _ => ValueTask.FromResult<CachedSlots?>(null), ProbeOptions, null, ct);
        HomeSerMetrics.CacheLookup(hit: slots is not null);
        return slots;
    }

    public ValueTask SetAsync(CalendarKey key, CachedSlots slots, CancellationToken ct) =>
        cache.SetAsync(key.CacheKey, slots, Options, [Tag(key.ProviderId)], ct);

    public ValueTask InvalidateAsync(int providerId, CancellationToken ct) => cache.RemoveByTagAsync(Tag(providerId), ct);

    public async Task HandleAsync(AvailabilityChanged domainEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        await InvalidateAsync(domainEvent.ProviderId, cancellationToken);
    }

    // A belt to AvailabilityChanged: any status change of a booking drops its provider's entries too.
    public async Task HandleAsync(BookingStatusChanged domainEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        await InvalidateAsync(domainEvent.ProviderId, cancellationToken);
    }

    /// <summary>
    /// Free slots as <see cref="AvailabilityEngine.FreeSlots"/> computes them, but with the booking window left open:
    /// the window only filters single starts, so applying it later (<see cref="Window"/>) gives the same answer.
    /// </summary>
    public static CachedSlots Compute(ProviderSchedule schedule, IReadOnlyList<UtcInterval> timeOff, IReadOnlyList<BusyBooking> busy,
        DateOnly firstDay, int days, int durationMinutes, GeoPoint? from = null)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var range = AvailabilityEngine.UtcRangeOfLocalDays(schedule.TimeZoneId, firstDay, days);
        var open = schedule with { MinNoticeMinutes = 0, MaxAdvanceDays = days + 2 };
        var slots = AvailabilityEngine.FreeSlots(open, timeOff, busy, firstDay, days, durationMinutes, range.Start.AddDays(-1), from);
        return new CachedSlots([.. slots]);
    }

    /// <summary>The slots a customer may book now: not in the past, not inside minimum notice, not beyond the window.</summary>
    public static IReadOnlyList<Slot> Window(CachedSlots cached, int minNoticeMinutes, int maxAdvanceDays, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(cached);
        var now = DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc);
        var earliest = now.AddMinutes(Math.Max(0, minNoticeMinutes));
        var end = now.AddDays(maxAdvanceDays);
        var slots = cached.Slots;
        var result = new List<Slot>(slots.Length);
        foreach (var slot in slots)
        {
            if (slot.StartUtc >= earliest && slot.StartUtc < end)
            {
                result.Add(slot);
            }
        }
        return result;
    }

    /// <summary>How many slots <see cref="Window"/> would return, without building the list.</summary>
    public static int CountInWindow(CachedSlots cached, int minNoticeMinutes, int maxAdvanceDays, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(cached);
        var now = DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc);
        var earliest = now.AddMinutes(Math.Max(0, minNoticeMinutes));
        var end = now.AddDays(maxAdvanceDays);
        var count = 0;
        foreach (var slot in cached.Slots)
        {
            if (slot.StartUtc >= earliest && slot.StartUtc < end)
            {
                count++;
            }
        }
        return count;
    }
}
