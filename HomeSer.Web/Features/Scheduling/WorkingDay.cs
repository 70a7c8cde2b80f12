namespace HomeSer.Web.Features.Scheduling;

/// <summary>One local day's working intervals and breaks as UTC instants; reusable from day to day.</summary>
internal sealed class WorkingDay
{
    private readonly List<UtcInterval> _intervals = new(4);
    private readonly List<UtcInterval> _breaks = new(4);

    /// <summary>Wall-clock start of the earliest working interval; grid times before it cannot fit.</summary>
    public TimeSpan EarliestWallStart { get; private set; }

    /// <summary>Wall-clock end of the latest working interval; grid times at or after it cannot fit.</summary>
    public TimeSpan LatestWallEnd { get; private set; }

    public bool HasWorkingHours => _intervals.Count > 0;

    public void Load(ProviderSchedule schedule, LocalDayClock clock)
    {
        _intervals.Clear();
        _breaks.Clear();
        EarliestWallStart = TimeSpan.MaxValue;
        LatestWallEnd = TimeSpan.Zero;

        var hours = schedule.WorkingHours;
        for (var i = 0; i < hours.Count; i++)
        {
            var interval = hours[i];
            if (interval.Day == clock.DayOfWeek && TryAdd(_intervals, clock, interval.Start, interval.End))
            {
                EarliestWallStart = Min(EarliestWallStart, interval.Start.ToTimeSpan());
                LatestWallEnd = Max(LatestWallEnd, interval.End.ToTimeSpan());
            }
        }

        var breaks = schedule.Breaks;
        for (var i = 0; i < breaks.Count; i++)
        {
            var pause = breaks[i];
            if (pause.Day == clock.DayOfWeek)
            {
                TryAdd(_breaks, clock, pause.Start, pause.End);
            }
        }
    }

    /// <summary>Whether [start, end) lies wholly inside one working interval and touches no break.</summary>
    public bool Contains(DateTime start, DateTime end) => FitsOneInterval(start, end) && !OverlapsBreak(start, end);

    private bool FitsOneInterval(DateTime start, DateTime end)
    {
        for (var i = 0; i < _intervals.Count; i++)
        {
            if (_intervals[i].Start <= start && end <= _intervals[i].End)
            {
                return true;
            }
        }

        return false;
    }

    private bool OverlapsBreak(DateTime start, DateTime end)
    {
        for (var i = 0; i < _breaks.Count; i++)
        {
            if (_breaks[i].Overlaps(start, end))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryAdd(List<UtcInterval> target, LocalDayClock clock, TimeOnly start, TimeOnly end)
    {
        if (end <= start)
        {
            return false;
        }

        var utc = new UtcInterval(clock.BoundaryAt(start.ToTimeSpan()), clock.BoundaryAt(end.ToTimeSpan()));
        if (utc.IsEmpty)
        {
            return false;
        }

        target.Add(utc);
        return true;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
