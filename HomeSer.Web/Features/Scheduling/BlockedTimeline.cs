namespace HomeSer.Web.Features.Scheduling;

/// <summary>Time off and buffered bookings sorted by start once, then read with a forward-moving cursor.</summary>
internal sealed class BlockedTimeline
{
    private readonly UtcInterval[] _blocked;
    private readonly int _count;
    private int _cursor;
    private DateTime _lastStart = DateTime.MinValue;

    private BlockedTimeline(UtcInterval[] blocked, int count)
    {
        _blocked = blocked;
        _count = count;
    }

    /// <summary>
    /// Time off as it is, and each busy booking widened on both sides by the gap a job at <paramref name="from"/> must
    /// keep from it (the buffer, or the travel time between the two homes when both are known).
    /// </summary>
    public static BlockedTimeline Build(IReadOnlyList<UtcInterval> timeOff, IReadOnlyList<BusyBooking> busy, ProviderSchedule schedule, GeoPoint? from)
    {
        var blocked = new UtcInterval[timeOff.Count + busy.Count];
        var count = 0;
        for (var i = 0; i < timeOff.Count; i++)
        {
            AddUnlessEmpty(blocked, ref count, timeOff[i]);
        }

        for (var i = 0; i < busy.Count; i++)
        {
            AddUnlessEmpty(blocked, ref count, WithBuffer(busy[i].Time, TravelTime.Gap(schedule, from, busy[i].Place)));
        }

        Array.Sort(blocked, 0, count, StartComparer.Instance);
        return new BlockedTimeline(blocked, count);
    }

    /// <summary>A busy booking blocks its own time plus the gap on both sides.</summary>
    public static UtcInterval WithBuffer(UtcInterval booking, TimeSpan buffer) =>
        new(booking.Start - buffer, booking.End + buffer);

    /// <summary>Whether [start, end) overlaps anything blocked; cheapest when starts never decrease between calls.</summary>
    public bool Overlaps(DateTime start, DateTime end)
    {
        if (start < _lastStart)
        {
            _cursor = 0;
        }

        _lastStart = start;

        // Everything before the cursor ended at or before an earlier start. The first interval still open decides:
        // if it starts at or after the end, so does every later one, because they are sorted by start.
        while (_cursor < _count && _blocked[_cursor].End <= start)
        {
            _cursor++;
        }

        return _cursor < _count && _blocked[_cursor].Start < end;
    }

    private static void AddUnlessEmpty(UtcInterval[] blocked, ref int count, UtcInterval interval)
    {
        if (!interval.IsEmpty)
        {
            blocked[count++] = interval;
        }
    }

    private sealed class StartComparer : IComparer<UtcInterval>
    {
        public static readonly StartComparer Instance = new();

        public int Compare(UtcInterval x, UtcInterval y) => x.Start.CompareTo(y.Start);
    }
}
