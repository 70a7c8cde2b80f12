namespace HomeSer.Web.Features.Scheduling;

/// <summary>Computes a provider's free slots and checks single intervals: pure rules, no I/O.</summary>
public static class AvailabilityEngine
{
    private const int MaxDays = 366;
    private static readonly TimeSpan OneDay = TimeSpan.FromDays(1);

    /// <summary>
    /// Free slots of <paramref name="durationMinutes"/> starting on local days firstLocalDay .. firstLocalDay+days-1
    /// in the provider's zone, ordered by start. <paramref name="busy"/> holds active bookings without buffer; a job at
    /// <paramref name="from"/> keeps the travel time to each of their places (the buffer where a place is unknown).
    /// </summary>
    public static IReadOnlyList<Slot> FreeSlots(ProviderSchedule schedule, IReadOnlyList<UtcInterval> timeOff,
        IReadOnlyList<BusyBooking> busy, DateOnly firstLocalDay, int days, int durationMinutes, DateTime nowUtc, GeoPoint? from = null)
    {
        ValidateSchedule(schedule);
        ValidateDays(days);
        ValidateDuration(durationMinutes);
        ArgumentNullException.ThrowIfNull(timeOff);
        ArgumentNullException.ThrowIfNull(busy);

        var zone = ProviderTimeZones.Find(schedule.TimeZoneId);
        var window = BookingWindow.Of(schedule, AsUtc(nowUtc, nameof(nowUtc)));
        var blocked = BlockedTimeline.Build(timeOff, busy, schedule, from);
        var workingDay = new WorkingDay();
        var step = TimeSpan.FromMinutes(schedule.SlotStepMinutes);
        var duration = TimeSpan.FromMinutes(durationMinutes);
        var slots = new List<Slot>();

        for (var i = 0; i < days; i++)
        {
            var clock = LocalDayClock.For(zone, firstLocalDay.AddDays(i));
            workingDay.Load(schedule, clock);
            if (workingDay.HasWorkingHours)
            {
                AddFreeSlotsOfDay(slots, clock, workingDay, blocked, window, step, duration);
            }
        }

        return slots;
    }

    /// <summary><see cref="FreeSlots(ProviderSchedule, IReadOnlyList{UtcInterval}, IReadOnlyList{BusyBooking}, DateOnly, int, int, DateTime, GeoPoint?)"/> for bookings whose places are unknown (the buffer alone applies).</summary>
    public static IReadOnlyList<Slot> FreeSlots(ProviderSchedule schedule, IReadOnlyList<UtcInterval> timeOff,
        IReadOnlyList<UtcInterval> busy, DateOnly firstLocalDay, int days, int durationMinutes, DateTime nowUtc) =>
        FreeSlots(schedule, timeOff, WithoutPlaces(busy), firstLocalDay, days, durationMinutes, nowUtc);

    /// <summary><see cref="CheckInterval(ProviderSchedule, IReadOnlyList{UtcInterval}, IReadOnlyList{BusyBooking}, DateTime, int, DateTime, GeoPoint?)"/> for bookings whose places are unknown.</summary>
    public static SlotVerdict CheckInterval(ProviderSchedule schedule, IReadOnlyList<UtcInterval> timeOff,
        IReadOnlyList<UtcInterval> busy, DateTime startUtc, int durationMinutes, DateTime nowUtc) =>
        CheckInterval(schedule, timeOff, WithoutPlaces(busy), startUtc, durationMinutes, nowUtc);

    private static BusyBooking[] WithoutPlaces(IReadOnlyList<UtcInterval> busy)
    {
        ArgumentNullException.ThrowIfNull(busy);
        var bookings = new BusyBooking[busy.Count];
        for (var i = 0; i < busy.Count; i++)
        {
            bookings[i] = new BusyBooking(busy[i]);
        }
        return bookings;
    }

    /// <summary>
    /// Whether exactly [startUtc, startUtc + duration) is bookable, else the first failing reason in the order
    /// InPast, InsideMinimumNotice, BeyondBookingWindow, NotOnSlotGrid, OutsideWorkingHours, TimeOff, Occupied,
    /// Unreachable (free, but too close to a booking in another home to travel between them).
    /// Agrees with <see cref="FreeSlots"/> for the same <paramref name="from"/>.
    /// </summary>
    public static SlotVerdict CheckInterval(ProviderSchedule schedule, IReadOnlyList<UtcInterval> timeOff,
        IReadOnlyList<BusyBooking> busy, DateTime startUtc, int durationMinutes, DateTime nowUtc, GeoPoint? from = null)
    {
        ValidateSchedule(schedule);
        ValidateDuration(durationMinutes);
        ArgumentNullException.ThrowIfNull(timeOff);
        ArgumentNullException.ThrowIfNull(busy);

        var zone = ProviderTimeZones.Find(schedule.TimeZoneId);
        var now = AsUtc(nowUtc, nameof(nowUtc));
        var start = AsUtc(startUtc, nameof(startUtc));
        var window = BookingWindow.Of(schedule, now);

        if (start < now)
        {
            return SlotVerdict.InPast;
        }

        if (start < window.EarliestStart)
        {
            return SlotVerdict.InsideMinimumNotice;
        }

        if (start >= window.EndExclusive)
        {
            return SlotVerdict.BeyondBookingWindow;
        }

        var local = ProviderTimeZones.ToLocal(zone, start);
        var clock = LocalDayClock.For(zone, DateOnly.FromDateTime(local));
        if (!IsOnSlotGrid(clock, local.TimeOfDay, start, TimeSpan.FromMinutes(schedule.SlotStepMinutes)))
        {
            return SlotVerdict.NotOnSlotGrid;
        }

        var end = start + TimeSpan.FromMinutes(durationMinutes);
        var workingDay = new WorkingDay();
        workingDay.Load(schedule, clock);
        if (!workingDay.Contains(start, end))
        {
            return SlotVerdict.OutsideWorkingHours;
        }

        for (var i = 0; i < timeOff.Count; i++)
        {
            if (timeOff[i].Overlaps(start, end))
            {
                return SlotVerdict.TimeOff;
            }
        }

        var buffer = Buffer(schedule);
        var unreachable = false;
        for (var i = 0; i < busy.Count; i++)
        {
            if (BlockedTimeline.WithBuffer(busy[i].Time, buffer).Overlaps(start, end))
            {
                return SlotVerdict.Occupied;
            }
            unreachable |= BlockedTimeline.WithBuffer(busy[i].Time, TravelTime.Gap(schedule, from, busy[i].Place)).Overlaps(start, end);
        }

        return unreachable ? SlotVerdict.Unreachable : SlotVerdict.Bookable;
    }

    /// <summary>The local day, in the given zone, that a UTC instant falls on.</summary>
    public static DateOnly LocalDate(string timeZoneId, DateTime utc) =>
        DateOnly.FromDateTime(ProviderTimeZones.ToLocal(ProviderTimeZones.Find(timeZoneId), AsUtc(utc, nameof(utc))));

    /// <summary>UTC range [start of firstLocalDay, end of its last day) of a run of local days in the given zone.</summary>
    public static UtcInterval UtcRangeOfLocalDays(string timeZoneId, DateOnly firstLocalDay, int days)
    {
        ValidateDays(days);
        var zone = ProviderTimeZones.Find(timeZoneId);
        return new UtcInterval(
            LocalDayClock.For(zone, firstLocalDay).StartUtc,
            LocalDayClock.For(zone, firstLocalDay.AddDays(days)).StartUtc);
    }

    /// <summary>
    /// The UTC range whose bookings and time off can affect slots on these local days: the days widened by the longest
    /// gap a booking can demand (buffer or travel), since a booking just before the first day still blocks its first minutes.
    /// </summary>
    public static UtcInterval UtcRangeAffectingLocalDays(ProviderSchedule schedule, DateOnly firstLocalDay, int days)
    {
        ValidateSchedule(schedule);
        var range = UtcRangeOfLocalDays(schedule.TimeZoneId, firstLocalDay, days);
        return BlockedTimeline.WithBuffer(range, TravelTime.Lookaround(schedule));
    }

    /// <summary>The UTC range whose bookings and time off can affect one interval (buffer or travel included).</summary>
    public static UtcInterval UtcRangeAffecting(ProviderSchedule schedule, DateTime startUtc, int durationMinutes)
    {
        ValidateSchedule(schedule);
        var start = AsUtc(startUtc, nameof(startUtc));
        return BlockedTimeline.WithBuffer(new UtcInterval(start, start.AddMinutes(durationMinutes)), TravelTime.Lookaround(schedule));
    }

    /// <summary>Whether the id names a time zone this machine knows.</summary>
    public static bool IsKnownTimeZone(string id) => ProviderTimeZones.IsKnown(id);

    private static void AddFreeSlotsOfDay(List<Slot> slots, LocalDayClock clock, WorkingDay workingDay,
        BlockedTimeline blocked, BookingWindow window, TimeSpan step, TimeSpan duration)
    {
        // The loop is bounded by the latest end in UTC, not on the wall clock: an end inside the spring-forward gap
        // is shifted past wall-clock times that come after it (an end at 02:30 falls at 03:30, after a 03:00 start).
        for (var wall = FirstGridTimeAtOrAfter(workingDay.EarliestWallStart, step); wall < OneDay; wall += step)
        {
            if (!clock.TryFirstOccurrence(wall, out var start))
            {
                continue;
            }

            if (start >= workingDay.LatestEndUtc)
            {
                break;
            }

            var end = start + duration;
            if (window.Allows(start) && workingDay.Contains(start, end) && !blocked.Overlaps(start, end))
            {
                slots.Add(new Slot(start, end));
            }
        }
    }

    // The grid is wall-clock based; in the repeated autumn hour only the first occurrence of a time is on it.
    private static bool IsOnSlotGrid(LocalDayClock clock, TimeSpan wallClock, DateTime start, TimeSpan step) =>
        wallClock.Ticks % step.Ticks == 0
        && clock.TryFirstOccurrence(wallClock, out var firstOccurrence)
        && firstOccurrence == start;

    private static TimeSpan FirstGridTimeAtOrAfter(TimeSpan wallClock, TimeSpan step) =>
        TimeSpan.FromTicks((wallClock.Ticks + step.Ticks - 1) / step.Ticks * step.Ticks);

    private static TimeSpan Buffer(ProviderSchedule schedule) => TimeSpan.FromMinutes(schedule.BufferMinutes);

    // Unspecified is read as UTC because SQLite hands UTC DateTimes back without a Kind.
    private static DateTime AsUtc(DateTime value, string paramName) => value.Kind == DateTimeKind.Local
        ? throw new ArgumentException("Expected a UTC DateTime, got DateTimeKind.Local.", paramName)
        : DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private static void ValidateSchedule(ProviderSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(schedule.WorkingHours);
        ArgumentNullException.ThrowIfNull(schedule.Breaks);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(schedule.SlotStepMinutes, nameof(schedule.SlotStepMinutes));
        ArgumentOutOfRangeException.ThrowIfNegative(schedule.BufferMinutes, nameof(schedule.BufferMinutes));
        ArgumentOutOfRangeException.ThrowIfNegative(schedule.MinNoticeMinutes, nameof(schedule.MinNoticeMinutes));
        ArgumentOutOfRangeException.ThrowIfNegative(schedule.MaxAdvanceDays, nameof(schedule.MaxAdvanceDays));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(schedule.TravelSpeedKmh, nameof(schedule.TravelSpeedKmh));
    }

    private static void ValidateDays(int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxDays);
    }

    private static void ValidateDuration(int durationMinutes) =>
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(durationMinutes);

    /// <summary>The instants a start may fall in: not in the past, not inside minimum notice, not beyond the window.</summary>
    private readonly record struct BookingWindow(DateTime Now, DateTime EarliestStart, DateTime EndExclusive)
    {
        public static BookingWindow Of(ProviderSchedule schedule, DateTime nowUtc) => new(
            nowUtc,
            nowUtc.AddMinutes(schedule.MinNoticeMinutes),
            nowUtc.AddDays(schedule.MaxAdvanceDays));

        public bool Allows(DateTime start) => start >= Now && start >= EarliestStart && start < EndExclusive;
    }
}
