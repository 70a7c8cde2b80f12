using CsCheck;
using HomeSer.Web.Features.Scheduling;

namespace HomeSer.Tests.Scheduling;

public class AvailabilityPropertyTests
{
    // Zones with DST at 02:00 (Berlin, New York), a half-hour DST (Lord Howe), DST at midnight (Santiago),
    // a half-hour offset (Kolkata) and none (UTC).
    private static readonly string[] Zones =
        ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "Asia/Kolkata", "Etc/UTC"];

    // First days chosen so that a few days from them cross 2026 transitions of the zones above.
    private static readonly DateOnly[] FirstDays =
    [
        new(2026, 3, 27), new(2026, 10, 23), new(2026, 3, 6), new(2026, 10, 30),
        new(2026, 4, 3), new(2026, 9, 4), new(2026, 10, 2), new(2026, 1, 12),
    ];

    private static readonly int[] Steps = [5, 10, 15, 20, 30, 45, 60];

    private static readonly Gen<TimeOnly> WallClock = Gen.Int[0, 287].Select(i => TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(i * 5)));

    private static readonly Gen<(DayOfWeek Day, TimeOnly Start, TimeOnly End)> WeeklyInterval =
        Gen.Select(Gen.Int[0, 6], WallClock, Gen.Int[-12, 120], (day, start, length) =>
            ((DayOfWeek)day, start, TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(Math.Clamp(start.Hour * 60 + start.Minute + length * 5, 0, 1439)))));

    private static readonly Gen<ProviderSchedule> Schedules =
        Gen.Select(
            Gen.Int[0, Zones.Length - 1],
            WeeklyInterval.Array[1, 12],
            WeeklyInterval.Array[0, 6],
            Gen.Int[0, 60],
            Gen.Int[0, 600],
            Gen.Int[0, 10],
            Gen.Int[0, Steps.Length - 1],
            (zone, hours, breaks, buffer, notice, advance, step) => new ProviderSchedule(
                Zones[zone],
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
            Gen.Int[0, FirstDays.Length - 1],
            Gen.Int[1, 5],
            Gen.Int[1, 36],
            Gen.Int[-2 * 288, 4 * 288],
            (schedule, timeOff, busy, firstDay, days, duration, now) =>
                new Scenario(schedule, timeOff, busy, FirstDays[firstDay], days, duration * 5, now * 5));

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
        }, iter: 400, print: scenario => scenario.ToString());
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
