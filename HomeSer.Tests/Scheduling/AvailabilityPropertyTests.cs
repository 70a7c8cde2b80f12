using CsCheck;
using HomeSer.Web.Features.Scheduling;

namespace HomeSer.Tests.Scheduling;

public class AvailabilityPropertyTests
{
    // Each zone with a first day a few days before one of its 2026 changes: DST at 02:00 (Berlin, New York),
    // a half-hour DST (Lord Howe), DST at midnight (Santiago), a half-hour offset (Kolkata) and none (UTC).
    private static readonly (string Zone, DateOnly FirstDay)[] ZoneDays =
    [
        ("Europe/Berlin", new(2026, 3, 27)), ("Europe/Berlin", new(2026, 10, 23)),
        ("America/New_York", new(2026, 3, 6)), ("America/New_York", new(2026, 10, 30)),
        ("Australia/Lord_Howe", new(2026, 4, 3)), ("Australia/Lord_Howe", new(2026, 10, 2)),
        ("America/Santiago", new(2026, 4, 3)), ("America/Santiago", new(2026, 9, 4)),
        ("Asia/Kolkata", new(2026, 1, 12)), ("Etc/UTC", new(2026, 1, 12)),
    ];

    private static readonly int[] Steps = [5, 10, 15, 20, 30, 45, 60];

    // Half the boundaries fall between 00:00 and 04:00, where the DST changes of these zones happen.
    private static readonly Gen<TimeOnly> WallClock =
        Gen.Select(Gen.Bool, Gen.Int[0, 287], Gen.Int[0, 47], (nearTransitions, anyTime, night) =>
            TimeOnly.FromTimeSpan(TimeSpan.FromMinutes((nearTransitions ? night : anyTime) * 5)));

    private static readonly Gen<(DayOfWeek Day, TimeOnly Start, TimeOnly End)> WeeklyInterval =
        Gen.Select(Gen.Int[0, 6], WallClock, Gen.Int[-12, 120], (day, start, length) =>
            ((DayOfWeek)day, start, TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(Math.Clamp(start.Hour * 60 + start.Minute + length * 5, 0, 1439)))));

    private static readonly Gen<ProviderSchedule> Schedules =
        Gen.Select(
            WeeklyInterval.Array[1, 12],
            WeeklyInterval.Array[0, 6],
            Gen.Int[0, 60],
            Gen.Int[0, 180],
            Gen.Int[1, 10],
            Gen.Int[0, Steps.Length - 1],
            (hours, breaks, buffer, notice, advance, step) => new ProviderSchedule(
                "Etc/UTC",
                hours.Select(h => new WorkingInterval(h.Day, h.Start, h.End)).ToArray(),
                breaks.Select(b => new WorkingBreak(b.Day, b.Start, b.End)).ToArray(),
                buffer, notice, advance, Steps[step]));

    /// <summary>Minutes after the start of the day before the range, and a length: shaped into UTC intervals later.</summary>
    private static readonly Gen<(int Offset, int Length)> RelativeInterval =
        Gen.Select(Gen.Int[0, 8 * 288], Gen.Int[0, 60], (offset, length) => (offset * 5, length * 5));

    private static readonly Gen<Scenario> Scenarios =
        Gen.Select(
            Schedules,
            RelativeInterval.Array[0, 4],
            RelativeInterval.Array[0, 25],
            Gen.Int[0, ZoneDays.Length - 1],
            Gen.Int[1, 5],
            Gen.Int[1, 36],
            Gen.Int[-2 * 288, 2 * 288],
            (schedule, timeOff, busy, zoneDay, days, duration, now) => new Scenario(
                schedule with { TimeZoneId = ZoneDays[zoneDay].Zone }, timeOff, busy, ZoneDays[zoneDay].FirstDay,
                days, duration * 5, now * 5));

    [Fact]
    public void FreeSlots_and_CheckInterval_agree_for_random_schedules()
    {
        Scenarios.Sample(scenario =>
        {
            var (schedule, timeOff, busy, range, now) = scenario.Materialise();

            var slots = AvailabilityEngine.FreeSlots(schedule, timeOff, busy, scenario.FirstDay, scenario.Days,
                scenario.DurationMinutes, now);

            AssertOrderedWithDuration(slots, scenario.DurationMinutes);
            foreach (var slot in slots)
            {
                Assert.Equal(SlotVerdict.Bookable,
                    AvailabilityEngine.CheckInterval(schedule, timeOff, busy, slot.StartUtc, scenario.DurationMinutes, now));
            }

            // Every zone offset used here is a multiple of five minutes, so every grid start is on this UTC grid.
            var offered = slots.Select(s => s.StartUtc).ToHashSet();
            for (var start = range.Start; start < range.End; start = start.AddMinutes(5))
            {
                var verdict = AvailabilityEngine.CheckInterval(schedule, timeOff, busy, start, scenario.DurationMinutes, now);
                Assert.True((verdict == SlotVerdict.Bookable) == offered.Contains(start),
                    $"{start:O} is {verdict} but FreeSlots {(offered.Contains(start) ? "offers" : "omits")} it");
            }
        }, iter: 3000, print: scenario => scenario.ToString());
    }

    // Homes across Berlin, up to ~25 km apart, and "unknown" (null).
    private static readonly GeoPoint?[] Homes =
    [
        null, new GeoPoint(52.5016, 13.4187), new GeoPoint(52.5362, 13.2003), new GeoPoint(52.4300, 13.5300),
        new GeoPoint(52.5200, 13.4050), new GeoPoint(52.5600, 13.3000),
    ];

    [Fact]
    public void Every_start_offered_from_a_home_is_bookable_from_it_and_leaves_time_to_drive()
    {
        var withPlaces = Gen.Select(Scenarios, Gen.Int[0, Homes.Length - 1].Array[25], Gen.Int[0, Homes.Length - 1], Gen.Int[10, 80],
            (scenario, busyHomes, from, speed) => (scenario, busyHomes, from, speed));
        withPlaces.Sample(sample =>
        {
            var (scenario, busyHomes, fromIndex, speed) = sample;
            var (schedule, timeOff, busyTimes, range, now) = scenario.Materialise();
            schedule = schedule with { TravelSpeedKmh = speed };
            var busy = busyTimes.Select((t, i) => new BusyBooking(t, Homes[busyHomes[i]])).ToArray();
            var from = Homes[fromIndex];

            var slots = AvailabilityEngine.FreeSlots(schedule, timeOff, busy, scenario.FirstDay, scenario.Days, scenario.DurationMinutes, now, from);

            var offered = slots.Select(s => s.StartUtc).ToHashSet();
            for (var start = range.Start; start < range.End; start = start.AddMinutes(5))
            {
                var verdict = AvailabilityEngine.CheckInterval(schedule, timeOff, busy, start, scenario.DurationMinutes, now, from);
                Assert.True((verdict == SlotVerdict.Bookable) == offered.Contains(start),
                    $"{start:O} is {verdict} but FreeSlots {(offered.Contains(start) ? "offers" : "omits")} it");
            }
            foreach (var slot in slots)
            {
                foreach (var job in busy.Where(b => !b.Time.IsEmptyForTest()))
                {
                    var gap = TravelTime.Gap(schedule, from, job.Place);
                    Assert.True(slot.EndUtc + gap <= job.Time.Start || job.Time.End + gap <= slot.StartUtc,
                        $"{slot.StartUtc:O} leaves less than {gap.TotalMinutes} min to or from the job at {job.Time.Start:O}");
                }
            }
        }, iter: 1500, print: sample => $"{sample.scenario} from={sample.from} speed={sample.speed}");
    }

    private static void AssertOrderedWithDuration(IReadOnlyList<Slot> slots, int durationMinutes)
    {
        for (var i = 0; i < slots.Count; i++)
        {
            Assert.Equal(TimeSpan.FromMinutes(durationMinutes), slots[i].EndUtc - slots[i].StartUtc);
            Assert.True(i == 0 || slots[i - 1].StartUtc < slots[i].StartUtc, "slots must be strictly ordered by start");
        }
    }

    private sealed record Scenario(
        ProviderSchedule Schedule,
        (int Offset, int Length)[] TimeOff,
        (int Offset, int Length)[] Busy,
        DateOnly FirstDay,
        int Days,
        int DurationMinutes,
        int NowMinutesFromRangeStart)
    {
        public (ProviderSchedule, UtcInterval[], UtcInterval[], UtcInterval, DateTime) Materialise()
        {
            var range = AvailabilityEngine.UtcRangeOfLocalDays(Schedule.TimeZoneId, FirstDay, Days);
            var origin = range.Start.AddDays(-1);
            UtcInterval Shape((int Offset, int Length) r) =>
                new(origin.AddMinutes(r.Offset), origin.AddMinutes(r.Offset + r.Length));
            return (Schedule, TimeOff.Select(Shape).ToArray(), Busy.Select(Shape).ToArray(), range,
                range.Start.AddMinutes(NowMinutesFromRangeStart));
        }

        public override string ToString() =>
            $"zone={Schedule.TimeZoneId} step={Schedule.SlotStepMinutes} buffer={Schedule.BufferMinutes} " +
            $"notice={Schedule.MinNoticeMinutes} advance={Schedule.MaxAdvanceDays} first={FirstDay:yyyy-MM-dd} days={Days} " +
            $"duration={DurationMinutes} now=+{NowMinutesFromRangeStart}min " +
            $"hours=[{string.Join(", ", Schedule.WorkingHours.Select(h => $"{h.Day} {h.Start:HH:mm}-{h.End:HH:mm}"))}] " +
            $"breaks=[{string.Join(", ", Schedule.Breaks.Select(b => $"{b.Day} {b.Start:HH:mm}-{b.End:HH:mm}"))}] " +
            $"timeOff=[{string.Join(", ", TimeOff)}] busy=[{string.Join(", ", Busy)}]";
    }
}

internal static class UtcIntervalTestExtensions
{
    public static bool IsEmptyForTest(this UtcInterval interval) => interval.End <= interval.Start;
}
