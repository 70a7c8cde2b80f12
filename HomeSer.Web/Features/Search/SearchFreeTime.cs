using HomeSer.Web.Features.Scheduling;

namespace HomeSer.Web.Features.Search;

/// <summary>
/// Free slots of candidates on the search's date, from one place, through <see cref="AvailabilityCache"/> (the same
/// entries the availability endpoint uses); the misses of one call are loaded together through
/// <see cref="CalendarLoader"/>, one query per table, and stored for the next search.
/// </summary>
internal sealed class SearchFreeTime(AvailabilityCache calendar, CalendarLoader calendars, DateOnly date, DateTime now, GeoPoint? from)
{
    /// <summary>How far past the date <see cref="FirstFreeAsync"/> looks for free starts.</summary>
    public const int NextAvailableDays = 14;

    private readonly Dictionary<(int ProviderId, int Duration), int> _countsOnDate = [];

    public async Task<Dictionary<(int ProviderId, int Duration), int>> OnDateAsync(List<CandidateRow> rows, CancellationToken ct)
    {
        var missing = rows.Where(r => !_countsOnDate.ContainsKey((r.ProviderId, r.DurationMinutes))).ToList();
        if (missing.Count > 0)
        {
            foreach (var (key, slots) in await SlotsAsync(missing, date, 1, ct))
            {
                _countsOnDate[key] = slots.Count;
            }
        }
        return _countsOnDate;
    }

    public async Task<Dictionary<(int ProviderId, int Duration), IReadOnlyList<Slot>>> SlotsAsync(
        List<CandidateRow> rows, DateOnly firstDay, int days, CancellationToken ct)
    {
        var result = new Dictionary<(int ProviderId, int Duration), IReadOnlyList<Slot>>();
        var misses = new List<(CandidateRow Row, CalendarKey Key)>();
        foreach (var row in rows.DistinctBy(r => (r.ProviderId, r.DurationMinutes)))
        {
            var key = new CalendarKey(row.ProviderId, row.ScheduleVersion, firstDay, days, row.DurationMinutes, from);
            if (await calendar.TryGetAsync(key, ct) is { } cached)
            {
                result[(row.ProviderId, row.DurationMinutes)] = AvailabilityCache.Window(cached, row.MinNoticeMinutes, row.MaxAdvanceDays, now);
            }
            else
            {
                misses.Add((row, key));
            }
        }
        if (misses.Count == 0)
        {
            return result;
        }

        var computed = await ComputeAsync(misses.Select(m => m.Row).ToList(), firstDay, days, ct);
        foreach (var (row, key) in misses)
        {
            var slots = computed[(row.ProviderId, row.DurationMinutes)];
            await calendar.SetAsync(key, slots, ct);
            result[(row.ProviderId, row.DurationMinutes)] = AvailabilityCache.Window(slots, row.MinNoticeMinutes, row.MaxAdvanceDays, now);
        }
        return result;
    }

    /// <summary>
    /// The first <paramref name="perService"/> free starts on or after the date within <see cref="NextAvailableDays"/>
    /// days: a result with enough free time on the date needs nothing more; the rest share one batch over the following days.
    /// </summary>
    public async Task<Dictionary<int, IReadOnlyList<DateTime>>> FirstFreeAsync(IReadOnlyList<CandidateRow> rows, int perService,
        CancellationToken cancellationToken)
    {
        var result = new Dictionary<int, IReadOnlyList<DateTime>>();
        var onDate = await SlotsAsync([.. rows], date, 1, cancellationToken);
        var later = new List<CandidateRow>();
        foreach (var row in rows)
        {
            var starts = onDate[(row.ProviderId, row.DurationMinutes)].Take(perService).Select(s => s.StartUtc).ToList();
            result[row.ServiceId] = starts;
            if (starts.Count < perService)
            {
                later.Add(row);
            }
        }
        if (later.Count == 0)
        {
            return result;
        }
        var afterDate = await SlotsAsync(later, date.AddDays(1), NextAvailableDays - 1, cancellationToken);
        foreach (var row in later)
        {
            var have = result[row.ServiceId];
            result[row.ServiceId] = [.. have, .. afterDate[(row.ProviderId, row.DurationMinutes)].Take(perService - have.Count).Select(s => s.StartUtc)];
        }
        return result;
    }

    /// <summary>
    /// Slots (before the booking window) of many providers over the same local days, as AvailabilityService computes
    /// them for one: weekly hours, breaks, time off and active bookings each in one query for all of them.
    /// </summary>
    private async Task<Dictionary<(int ProviderId, int Duration), CachedSlots>> ComputeAsync(List<CandidateRow> rows, DateOnly firstDay, int days,
        CancellationToken cancellationToken)
    {
        var schedules = await calendars.SchedulesAsync(rows.DistinctBy(r => r.ProviderId).Select(r => r.Rules).ToList(), cancellationToken);

        // A slot late on the last day may run past its midnight, so bookings up to one duration later matter too.
        var longest = rows.Max(r => r.DurationMinutes);
        var ranges = schedules.Values.Select(s => AvailabilityEngine.UtcRangeAffectingLocalDays(s, firstDay, days)).ToList();
        var range = new UtcInterval(ranges.Min(r => r.Start), ranges.Max(r => r.End).AddMinutes(longest));
        var blocking = await calendars.BlockingAsync(schedules.Keys, range, null, cancellationToken);

        return rows.DistinctBy(r => (r.ProviderId, r.DurationMinutes)).ToDictionary(
            r => (r.ProviderId, r.DurationMinutes),
            r => AvailabilityCache.Compute(schedules[r.ProviderId], blocking[r.ProviderId].TimeOff, blocking[r.ProviderId].Busy,
                firstDay, days, r.DurationMinutes, from));
    }
}
