namespace HomeSer.Web.Features.Scheduling;

/// <summary>Turns wall-clock times of one local day in a provider's zone into UTC instants.</summary>
internal readonly struct LocalDayClock
{
    // DST and zone changes move the clock by a few hours at most, so probing this far outside the day
    // finds the offset in force before and after any transition that happens during it.
    private static readonly TimeSpan ProbeMargin = TimeSpan.FromHours(6);

    private readonly TimeZoneInfo _zone;
    private readonly DateTime _localMidnight;
    private readonly TimeSpan _offsetBefore;
    private readonly TimeSpan _offsetAfter;

    private LocalDayClock(TimeZoneInfo zone, DateTime localMidnight, TimeSpan offsetBefore, TimeSpan offsetAfter)
    {
        _zone = zone;
        _localMidnight = localMidnight;
        _offsetBefore = offsetBefore;
        _offsetAfter = offsetAfter;
    }

    public static LocalDayClock For(TimeZoneInfo zone, DateOnly day)
    {
        var localMidnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        var probeBefore = AsUtc(localMidnight - zone.BaseUtcOffset - ProbeMargin);
        var probeAfter = AsUtc(localMidnight.AddDays(1) - zone.BaseUtcOffset + ProbeMargin);
        return new LocalDayClock(zone, localMidnight, zone.GetUtcOffset(probeBefore), zone.GetUtcOffset(probeAfter));
    }

    public DateOnly Day => DateOnly.FromDateTime(_localMidnight);

    public DayOfWeek DayOfWeek => _localMidnight.DayOfWeek;

    /// <summary>The instant this wall-clock time first happens today; false if it never happens (spring-forward gap).</summary>
    public bool TryFirstOccurrence(TimeSpan wallClock, out DateTime utc)
    {
        var local = _localMidnight + wallClock;
        if (_offsetBefore == _offsetAfter)
        {
            utc = AsUtc(local - _offsetBefore);
            return true;
        }

        var beforeHolds = TryWithOffset(local, _offsetBefore, out var utcBefore);
        var afterHolds = TryWithOffset(local, _offsetAfter, out var utcAfter);
        if (beforeHolds && afterHolds)
        {
            // The repeated autumn hour: each wall-clock time is offered once, at its first (daylight) occurrence.
            utc = utcBefore < utcAfter ? utcBefore : utcAfter;
            return true;
        }

        utc = beforeHolds ? utcBefore : utcAfter;
        return beforeHolds || afterHolds;
    }

    /// <summary>The instant a working-hours or break boundary at this wall-clock time falls on.</summary>
    public DateTime BoundaryAt(TimeSpan wallClock)
    {
        if (TryFirstOccurrence(wallClock, out var utc))
        {
            return utc;
        }

        // A boundary inside the spring-forward gap is shifted forward by the gap's length (read with the offset
        // in force before the jump), as java.time and NodaTime's lenient resolver do: 02:30 becomes 03:30.
        return AsUtc(_localMidnight + wallClock - _offsetBefore);
    }

    /// <summary>The first instant of this local day.</summary>
    public DateTime StartUtc => BoundaryAt(TimeSpan.Zero);

    private bool TryWithOffset(DateTime local, TimeSpan offset, out DateTime utc)
    {
        utc = AsUtc(local - offset);
        return _zone.GetUtcOffset(utc) == offset;
    }

    private static DateTime AsUtc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
