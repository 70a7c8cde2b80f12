using HomeSer.Web.Data;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Catalog;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Scheduling;

/// <summary>What blocks a provider's time in a UTC range: time off, and active bookings (without buffers) with their places.</summary>
public sealed record BlockingTime(IReadOnlyList<UtcInterval> TimeOff, IReadOnlyList<BusyBooking> Busy)
{
    public static readonly BlockingTime None = new([], []);
}

/// <summary>
/// The one way calendars are read from the database, for one provider (the calendar, booking validation) or many at
/// once (search): weekly hours, breaks, time off and active bookings, each one query however many providers and days.
/// </summary>
public sealed class CalendarLoader(HomeSerDbContext db)
{
    /// <summary>The schedule of a provider already loaded (two queries: weekly hours and breaks).</summary>
    public async Task<ProviderSchedule> ScheduleAsync(ProviderProfile provider, CancellationToken ct)
    {
        var schedules = await SchedulesAsync([ScheduleRules.Of(provider)], ct);
        return schedules[provider.Id];
    }

    /// <summary>Schedules of many providers: weekly hours and breaks in one query each.</summary>
    public async Task<Dictionary<int, ProviderSchedule>> SchedulesAsync(IReadOnlyCollection<ScheduleRules> providers, CancellationToken ct)
    {
        var ids = providers.Select(p => p.ProviderId).Distinct().ToList();
        var hours = (await ForProviders(db.WeeklyHours.AsNoTracking(), ids)
                .Select(h => new { h.ProviderId, h.Day, h.Start, h.End })
                .ToListAsync(ct))
            .ToLookup(h => h.ProviderId, h => new WorkingInterval(h.Day, h.Start, h.End));
        var breaks = (await ForProviders(db.WeeklyBreaks.AsNoTracking(), ids)
                .Select(b => new { b.ProviderId, b.Day, b.Start, b.End })
                .ToListAsync(ct))
            .ToLookup(b => b.ProviderId, b => new WorkingBreak(b.Day, b.Start, b.End));
        var schedules = new Dictionary<int, ProviderSchedule>(ids.Count);
        foreach (var p in providers)
        {
            schedules[p.ProviderId] = new ProviderSchedule(p.TimeZoneId, [.. hours[p.ProviderId]], [.. breaks[p.ProviderId]],
                p.BufferMinutes, p.MinNoticeMinutes, p.MaxAdvanceDays, p.SlotStepMinutes, p.TravelSpeedKmh);
        }
        return schedules;
    }

    /// <summary>
    /// Time off and active bookings of one provider overlapping <paramref name="range"/>, optionally leaving out one
    /// booking (the one being moved). The range must already include the buffer or travel time around what is asked.
    /// </summary>
    public async Task<BlockingTime> BlockingAsync(int providerId, UtcInterval range, int? excludeBookingId, CancellationToken ct)
    {
        var all = await BlockingAsync([providerId], range, excludeBookingId, ct);
        return all.GetValueOrDefault(providerId) ?? BlockingTime.None;
    }

    /// <summary>Time off and active bookings of many providers overlapping one range, one query per table.</summary>
    public async Task<Dictionary<int, BlockingTime>> BlockingAsync(IReadOnlyCollection<int> providerIds, UtcInterval range, int? excludeBookingId,
        CancellationToken ct)
    {
        var ids = providerIds as List<int> ?? [.. providerIds];
        var timeOff = (await ForProviders(db.TimeOff.AsNoTracking(), ids)
                .Where(t => t.StartUtc < range.End && t.EndUtc > range.Start)
                .Select(t => new { t.ProviderId, t.StartUtc, t.EndUtc })
                .ToListAsync(ct))
            .ToLookup(t => t.ProviderId, t => new UtcInterval(Utc(t.StartUtc), Utc(t.EndUtc)));
        var busy = (await ForProviders(db.Bookings.AsNoTracking(), ids)
                .Where(BookingFilters.HoldsProviderTime)
                .Where(b => b.StartUtc < range.End && b.ScheduledEndUtc > range.Start
                    && (excludeBookingId == null || b.Id != excludeBookingId))
                .Select(b => new { b.ProviderId, b.StartUtc, b.ScheduledEndUtc, Lat = (double?)b.Address!.Lat, Lng = (double?)b.Address!.Lng })
                .ToListAsync(ct))
            .ToLookup(b => b.ProviderId, b => new BusyBooking(new UtcInterval(Utc(b.StartUtc), Utc(b.ScheduledEndUtc)),
                b.Lat is { } lat && b.Lng is { } lng ? new GeoPoint(lat, lng) : null));
        var result = new Dictionary<int, BlockingTime>(ids.Count);
        foreach (var id in ids)
        {
            result[id] = new BlockingTime([.. timeOff[id]], [.. busy[id]]);
        }
        return result;
    }

    /// <summary>
    /// One provider by equality, many by a list: most reads are of one provider (the calendar, booking validation), and
    /// for them an equality is a plain index lookup with no list parameter to expand.
    /// </summary>
    private static IQueryable<T> ForProviders<T>(IQueryable<T> rows, List<int> ids) where T : class, IProviderOwned
    {
        if (ids.Count == 1)
        {
            var id = ids[0];
            return rows.Where(r => r.ProviderId == id);
        }
        return rows.Where(r => ids.Contains(r.ProviderId));
    }

    // SQLite hands UTC DateTimes back without a Kind.
    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}

/// <summary>A provider's scheduling rules as stored on the profile, without the weekly hours.</summary>
public sealed record ScheduleRules(int ProviderId, string TimeZoneId, int BufferMinutes, int MinNoticeMinutes, int MaxAdvanceDays,
    int SlotStepMinutes, int TravelSpeedKmh)
{
    public static ScheduleRules Of(ProviderProfile p) =>
        new(p.Id, p.TimeZoneId, p.BufferMinutes, p.MinNoticeMinutes, p.MaxAdvanceDays, p.SlotStepMinutes, p.TravelSpeedKmh);
}
