using System.Globalization;
using HomeSer.Web.Features.Scheduling;
using static HomeSer.Tests.Scheduling.ScheduleExamples;

namespace HomeSer.Tests.Scheduling;

public class DaylightSavingTests
{
    // 2026 transitions: Berlin springs 02:00 -> 03:00 on 29 March and falls 03:00 -> 02:00 on 25 October;
    // New York springs 02:00 -> 03:00 on 8 March and falls 02:00 -> 01:00 on 1 November. All are Sundays.
    private static readonly DateTime LongBefore = UtcInstant("2026-01-01 00:00");

    private static IReadOnlyList<Slot> SundaySlots(string zone, string day, string start, string end, int duration, int step = 15)
    {
        var schedule = Schedule([Works(DayOfWeek.Sunday, start, end)], zone: zone, step: step);
        return AvailabilityEngine.FreeSlots(schedule, None, None, Day(day), 1, duration, LongBefore);
    }

    [Theory]
    [InlineData(Berlin, "2026-03-29")]
    [InlineData(NewYork, "2026-03-08")]
    public void Spring_forward_gap_offers_no_slot(string zone, string day)
    {
        var slots = SundaySlots(zone, day, "00:00", "06:00", duration: 60);

        // Five real hours: 00:00-01:45 before the jump, 03:00-05:00 after it, nothing at 02:xx.
        Assert.Equal([.. Grid("00:00", "01:45"), .. Grid("03:00", "05:00")], LocalStarts(slots, zone));
        Assert.Equal(17, slots.Count);
    }

    [Theory]
    [InlineData(Berlin, "2026-03-29", "2026-03-29 00:45")]
    [InlineData(NewYork, "2026-03-08", "2026-03-08 06:45")]
    public void Slot_across_the_spring_gap_lasts_real_minutes(string zone, string day, string expectedUtcStart)
    {
        var slots = SundaySlots(zone, day, "00:00", "06:00", duration: 60);

        var acrossTheGap = slots.Single(s => LocalStarts([s], zone)[0] == "01:45");
        Assert.Equal(UtcInstant(expectedUtcStart), acrossTheGap.StartUtc);
        Assert.Equal(TimeSpan.FromMinutes(60), acrossTheGap.EndUtc - acrossTheGap.StartUtc);
        Assert.Equal("03:45", LocalStarts([new Slot(acrossTheGap.EndUtc, acrossTheGap.EndUtc)], zone)[0]);
    }

    [Fact]
    public void Berlin_fall_back_night_offers_each_wall_clock_start_once()
    {
        var slots = SundaySlots(Berlin, "2026-10-25", "00:00", "06:00", duration: 60);

        // Seven real hours, but 02:00-02:45 happen twice and are offered at their first (summer time) occurrence.
        Assert.Equal(Grid("00:00", "05:00"), LocalStarts(slots, Berlin));
        Assert.Equal(21, slots.Count);
        Assert.Equal(UtcInstant("2026-10-25 00:00"), slots.Single(s => LocalStarts([s], Berlin)[0] == "02:00").StartUtc);
        Assert.DoesNotContain(slots, s => s.StartUtc >= UtcInstant("2026-10-25 01:00") && s.StartUtc < UtcInstant("2026-10-25 02:00"));
    }

    [Fact]
    public void New_York_fall_back_night_offers_each_wall_clock_start_once()
    {
        var slots = SundaySlots(NewYork, "2026-11-01", "00:00", "06:00", duration: 60);

        Assert.Equal(Grid("00:00", "05:00"), LocalStarts(slots, NewYork));
        Assert.Equal(21, slots.Count);
        Assert.Equal(UtcInstant("2026-11-01 05:00"), slots.Single(s => LocalStarts([s], NewYork)[0] == "01:00").StartUtc);
        Assert.DoesNotContain(slots, s => s.StartUtc >= UtcInstant("2026-11-01 06:00") && s.StartUtc < UtcInstant("2026-11-01 07:00"));
    }

    [Theory]
    [InlineData(Berlin, "2026-10-25 00:00", SlotVerdict.Bookable)]
    [InlineData(Berlin, "2026-10-25 01:00", SlotVerdict.NotOnSlotGrid)]
    [InlineData(NewYork, "2026-11-01 05:00", SlotVerdict.Bookable)]
    [InlineData(NewYork, "2026-11-01 06:00", SlotVerdict.NotOnSlotGrid)]
    public void Repeated_hour_is_bookable_only_at_its_first_occurrence(string zone, string utcStart, SlotVerdict expected)
    {
        var schedule = Schedule([Works(DayOfWeek.Sunday, "00:00", "06:00")], zone: zone, step: 15);

        var verdict = AvailabilityEngine.CheckInterval(schedule, None, None, UtcInstant(utcStart), 60, LongBefore);

        Assert.Equal(expected, verdict);
    }

    [Theory]
    [InlineData(Berlin, "2026-03-29", 23, 22)]
    [InlineData(Berlin, "2026-10-25", 25, 23)]
    [InlineData(NewYork, "2026-03-08", 23, 22)]
    [InlineData(NewYork, "2026-11-01", 25, 23)]
    public void A_23_hour_and_a_25_hour_day_both_work(string zone, string day, int realHours, int hourlySlots)
    {
        var range = AvailabilityEngine.UtcRangeOfLocalDays(zone, Day(day), 1);
        var slots = SundaySlots(zone, day, "00:00", "23:59", duration: 60, step: 60);

        Assert.Equal(TimeSpan.FromHours(realHours), range.End - range.Start);
        Assert.Equal(hourlySlots, slots.Count);
        Assert.Equal(slots.Count, LocalStarts(slots, zone).Distinct().Count());
        Assert.All(slots, s => Assert.Equal(Day(day), AvailabilityEngine.LocalDate(zone, s.StartUtc)));
    }

    [Fact]
    public void Working_hours_starting_inside_the_gap_begin_as_if_the_clock_had_not_jumped()
    {
        // 02:30 does not exist on 29 March; read with winter time it is 01:30 UTC, which the clock shows as 03:30.
        var slots = SundaySlots(Berlin, "2026-03-29", "02:30", "05:00", duration: 60, step: 30);

        Assert.Equal(["03:30", "04:00"], LocalStarts(slots, Berlin));
    }

    [Fact]
    public void A_week_across_the_spring_change_keeps_local_times_and_moves_utc()
    {
        var schedule = Schedule(Enum.GetValues<DayOfWeek>().Select(d => Works(d, "09:00", "10:00")).ToArray());

        var slots = AvailabilityEngine.FreeSlots(schedule, None, None, Day("2026-03-26"), 5, 60, LongBefore);

        Assert.Equal(
            ["2026-03-26 08:00", "2026-03-27 08:00", "2026-03-28 08:00", "2026-03-29 07:00", "2026-03-30 07:00"],
            UtcStarts(slots));
    }

    [Theory]
    [InlineData(Berlin, "2026-03-28 22:59", "2026-03-28")]
    [InlineData(Berlin, "2026-03-28 23:00", "2026-03-29")]
    [InlineData(NewYork, "2026-11-01 03:59", "2026-10-31")]
    [InlineData(NewYork, "2026-11-01 04:00", "2026-11-01")]
    [InlineData(NewYork, "2026-11-02 04:59", "2026-11-01")]
    public void LocalDate_reads_the_day_in_the_providers_zone(string zone, string utc, string expectedDay)
    {
        Assert.Equal(Day(expectedDay), AvailabilityEngine.LocalDate(zone, UtcInstant(utc)));
    }

    [Fact]
    public void UtcRangeOfLocalDays_spans_local_midnights_across_a_change()
    {
        var range = AvailabilityEngine.UtcRangeOfLocalDays(Berlin, Day("2026-10-24"), 3);

        Assert.Equal(new UtcInterval(UtcInstant("2026-10-23 22:00"), UtcInstant("2026-10-26 23:00")), range);
        Assert.Equal(DateTimeKind.Utc, range.Start.Kind);
    }

    private static string[] Grid(string first, string last, int step = 15)
    {
        var times = new List<string>();
        for (var t = Time(first); ; t = t.AddMinutes(step))
        {
            times.Add(t.ToString("HH:mm", CultureInfo.InvariantCulture));
            if (t >= Time(last))
            {
                return [.. times];
            }
        }
    }
}
