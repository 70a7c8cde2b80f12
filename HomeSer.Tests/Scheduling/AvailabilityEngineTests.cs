using HomeSer.Web.Features.Scheduling;
using static HomeSer.Tests.Scheduling.ScheduleExamples;

namespace HomeSer.Tests.Scheduling;

public class AvailabilityEngineTests
{
    // Monday 2026-01-12 in Berlin is UTC+1 all day; "now" is long before it unless a test says otherwise.
    private static readonly DateOnly Monday = Day("2026-01-12");
    private static readonly DateTime LongBefore = UtcInstant("2026-01-01 00:00");

    private static IReadOnlyList<Slot> MondaySlots(ProviderSchedule schedule, int duration,
        IReadOnlyList<UtcInterval>? timeOff = null, IReadOnlyList<UtcInterval>? busy = null, DateTime? now = null) =>
        AvailabilityEngine.FreeSlots(schedule, timeOff ?? None, busy ?? None, Monday, 1, duration, now ?? LongBefore);

    [Fact]
    public void Plain_working_day_offers_every_grid_start_that_fits()
    {
        var schedule = Schedule([Works(DayOfWeek.Monday, "09:00", "12:00")]);

        var slots = MondaySlots(schedule, duration: 60);

        Assert.Equal(["09:00", "09:30", "10:00", "10:30", "11:00"], LocalStarts(slots));
        Assert.Equal(new Slot(UtcInstant("2026-01-12 08:00"), UtcInstant("2026-01-12 09:00")), slots[0]);
        Assert.All(slots, s => Assert.Equal(DateTimeKind.Utc, s.StartUtc.Kind));
    }

    [Fact]
    public void Several_intervals_on_one_day_each_offer_their_slots()
    {
        var schedule = Schedule([
            Works(DayOfWeek.Monday, "14:00", "16:00"),
            Works(DayOfWeek.Monday, "09:00", "11:00"),
        ]);

        var slots = MondaySlots(schedule, duration: 60);

        Assert.Equal(["09:00", "09:30", "10:00", "14:00", "14:30", "15:00"], LocalStarts(slots));
    }

    [Fact]
    public void A_slot_never_straddles_two_touching_intervals()
    {
        var schedule = Schedule([
            Works(DayOfWeek.Monday, "09:00", "10:00"),
            Works(DayOfWeek.Monday, "10:00", "11:00"),
        ]);

        var slots = MondaySlots(schedule, duration: 60);

        Assert.Equal(["09:00", "10:00"], LocalStarts(slots));
    }

    [Fact]
    public void Overlapping_intervals_offer_each_start_once()
    {
        var schedule = Schedule([
            Works(DayOfWeek.Monday, "09:00", "11:00"),
            Works(DayOfWeek.Monday, "10:00", "12:00"),
        ]);

        var slots = MondaySlots(schedule, duration: 60);

        Assert.Equal(["09:00", "09:30", "10:00", "10:30", "11:00"], LocalStarts(slots));
    }

    [Fact]
    public void Break_splits_the_day()
    {
        var schedule = Schedule(
            [Works(DayOfWeek.Monday, "09:00", "13:00")],
            [Pause(DayOfWeek.Monday, "11:00", "11:30")]);

        var slots = MondaySlots(schedule, duration: 60);

        Assert.Equal(["09:00", "09:30", "10:00", "11:30", "12:00"], LocalStarts(slots));
    }

    [Fact]
    public void Break_on_another_weekday_changes_nothing()
    {
        var schedule = Schedule(
            [Works(DayOfWeek.Monday, "09:00", "11:00")],
            [Pause(DayOfWeek.Tuesday, "09:00", "11:00")]);

        var slots = MondaySlots(schedule, duration: 60);

        Assert.Equal(["09:00", "09:30", "10:00"], LocalStarts(slots));
    }

    [Fact]
    public void Duration_longer_than_the_interval_offers_nothing()
    {
        var schedule = Schedule([Works(DayOfWeek.Monday, "09:00", "10:00")]);

        var slots = MondaySlots(schedule, duration: 90);

        Assert.Empty(slots);
    }

    [Fact]
    public void Interval_ending_before_it_starts_is_ignored_and_23_59_is_a_valid_end()
    {
        var schedule = Schedule([
            Works(DayOfWeek.Monday, "10:00", "09:00"),
            Works(DayOfWeek.Monday, "12:00", "00:00"),
            Works(DayOfWeek.Monday, "23:00", "23:59"),
        ]);

        var slots = MondaySlots(schedule, duration: 30);

        Assert.Equal(["23:00"], LocalStarts(slots));
    }

    [Fact]
    public void Starts_sit_on_the_step_grid_counted_from_local_midnight()
    {
        var schedule = Schedule([Works(DayOfWeek.Monday, "09:10", "11:00")], step: 20);

        var slots = MondaySlots(schedule, duration: 30);

        Assert.Equal(["09:20", "09:40", "10:00", "10:20"], LocalStarts(slots));
    }

    [Fact]
    public void Default_step_is_a_quarter_hour()
    {
        var schedule = new ProviderSchedule(Berlin, [Works(DayOfWeek.Monday, "09:00", "10:00")], [], 0, 0, 365);

        var slots = MondaySlots(schedule, duration: 30);

        Assert.Equal(["09:00", "09:15", "09:30"], LocalStarts(slots));
    }

    [Fact]
    public void Time_off_spanning_days_blocks_every_day_it_covers()
    {
        var schedule = Schedule([
            Works(DayOfWeek.Monday, "09:00", "12:00"),
            Works(DayOfWeek.Tuesday, "09:00", "12:00"),
            Works(DayOfWeek.Wednesday, "09:00", "12:00"),
        ], step: 60);
        UtcInterval[] timeOff = [Local("2026-01-12 11:00", "2026-01-14 10:00")];

        var slots = AvailabilityEngine.FreeSlots(schedule, timeOff, None, Monday, 3, 60, LongBefore);

        Assert.Equal(["2026-01-12 09:00", "2026-01-12 10:00", "2026-01-14 10:00", "2026-01-14 11:00"],
            LocalStartsWithDay(slots));
    }

    [Fact]
    public void Busy_booking_blocks_its_buffer_on_both_sides()
    {
        var schedule = Schedule([Works(DayOfWeek.Monday, "08:00", "14:00")], buffer: 30);
        UtcInterval[] busy = [Local("2026-01-12 10:00", "2026-01-12 11:00")];

        var slots = MondaySlots(schedule, duration: 60, busy: busy);

        // Blocked is 09:30-11:30: an hour from 08:30 ends exactly at 09:30 and a start at 11:30 is clear.
        Assert.Equal(["08:00", "08:30", "11:30", "12:00", "12:30", "13:00"], LocalStarts(slots));
    }

    [Fact]
    public void Busy_bookings_in_any_order_and_overlapping_each_other_are_all_respected()
    {
        var schedule = Schedule([Works(DayOfWeek.Monday, "08:00", "18:00")], buffer: 15, step: 60);
        UtcInterval[] busy = [
            Local("2026-01-12 15:00", "2026-01-12 16:00"),
            Local("2026-01-12 09:00", "2026-01-12 10:30"),
            Local("2026-01-12 10:00", "2026-01-12 11:00"),
        ];

        var slots = MondaySlots(schedule, duration: 60, busy: busy);

        Assert.Equal(["12:00", "13:00", "17:00"], LocalStarts(slots));
    }

    [Fact]
    public void Time_off_has_no_buffer()
    {
        var schedule = Schedule([Works(DayOfWeek.Monday, "09:00", "12:00")], buffer: 30, step: 60);
        UtcInterval[] timeOff = [Local("2026-01-12 10:00", "2026-01-12 11:00")];

        var slots = MondaySlots(schedule, duration: 60, timeOff: timeOff);

        Assert.Equal(["09:00", "11:00"], LocalStarts(slots));
    }

    [Fact]
    public void Minimum_notice_hides_starts_too_soon()
    {
        var schedule = Schedule([Works(DayOfWeek.Monday, "09:00", "12:00")], minNotice: 60);

        var slots = MondaySlots(schedule, duration: 30, now: Utc("2026-01-12 09:10"));

        Assert.Equal(["10:30", "11:00", "11:30"], LocalStarts(slots));
    }

    [Fact]
    public void Past_starts_are_not_offered_but_a_start_exactly_now_is()
    {
        var schedule = Schedule([Works(DayOfWeek.Monday, "09:00", "12:00")]);

        var slots = MondaySlots(schedule, duration: 30, now: Utc("2026-01-12 10:00"));

        Assert.Equal(["10:00", "10:30", "11:00", "11:30"], LocalStarts(slots));
    }

    [Fact]
    public void Starts_at_or_after_the_booking_window_are_not_offered()
    {
        var weekdays = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday };
        var schedule = Schedule(weekdays.Select(d => Works(d, "09:00", "12:00")).ToArray(), maxAdvanceDays: 2, step: 60);

        var slots = AvailabilityEngine.FreeSlots(schedule, None, None, Monday, 4, 60, Utc("2026-01-12 09:30"));

        Assert.Equal([
            "2026-01-12 10:00", "2026-01-12 11:00",
            "2026-01-13 09:00", "2026-01-13 10:00", "2026-01-13 11:00",
            "2026-01-14 09:00",
        ], LocalStartsWithDay(slots));
    }

    [Fact]
    public void A_week_offers_slots_only_on_working_days_in_order()
    {
        var weekdays = new[] { DayOfWeek.Friday, DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Tuesday, DayOfWeek.Thursday };
        var schedule = Schedule(weekdays.Select(d => Works(d, "09:00", "10:00")).ToArray());

        var slots = AvailabilityEngine.FreeSlots(schedule, None, None, Monday, 7, 60, LongBefore);

        Assert.Equal([
            "2026-01-12 09:00", "2026-01-13 09:00", "2026-01-14 09:00", "2026-01-15 09:00", "2026-01-16 09:00",
        ], LocalStartsWithDay(slots));
    }

    [Fact]
    public void Each_local_day_is_read_in_the_providers_zone()
    {
        var schedule = Schedule([Works(DayOfWeek.Monday, "09:00", "10:00")], zone: NewYork);

        var slots = MondaySlots(schedule, duration: 60);

        Assert.Equal(["2026-01-12 14:00"], UtcStarts(slots));
    }

    [Theory]
    [InlineData("2026-01-12 05:00", 60, SlotVerdict.InPast)]
    [InlineData("2026-01-12 07:30", 60, SlotVerdict.InsideMinimumNotice)]
    [InlineData("2026-01-13 06:00", 60, SlotVerdict.BeyondBookingWindow)]
    [InlineData("2026-01-12 13:05", 60, SlotVerdict.NotOnSlotGrid)]
    [InlineData("2026-01-12 08:00", 60, SlotVerdict.OutsideWorkingHours)]
    [InlineData("2026-01-12 11:30", 60, SlotVerdict.OutsideWorkingHours)]
    [InlineData("2026-01-12 16:30", 60, SlotVerdict.OutsideWorkingHours)]
    [InlineData("2026-01-12 14:30", 60, SlotVerdict.TimeOff)]
    [InlineData("2026-01-12 09:00", 60, SlotVerdict.Occupied)]
    [InlineData("2026-01-12 11:00", 60, SlotVerdict.Occupied)]
    [InlineData("2026-01-12 13:00", 60, SlotVerdict.Bookable)]
    [InlineData("2026-01-12 16:00", 60, SlotVerdict.Bookable)]
    [InlineData("2026-01-12 10:00", 15, SlotVerdict.Occupied)]
    public void CheckInterval_names_the_first_rule_that_fails(string localStart, int duration, SlotVerdict expected)
    {
        var (schedule, timeOff, busy, now) = VerdictScenario();

        var verdict = AvailabilityEngine.CheckInterval(schedule, timeOff, busy, Utc(localStart), duration, now);

        Assert.Equal(expected, verdict);
    }

    [Fact]
    public void FreeSlots_of_the_verdict_scenario_are_exactly_the_bookable_starts()
    {
        var (schedule, timeOff, busy, now) = VerdictScenario();

        var slots = AvailabilityEngine.FreeSlots(schedule, timeOff, busy, Monday, 1, 60, now);

        Assert.Equal(["13:00", "13:15", "13:30", "13:45", "14:00", "16:00"], LocalStarts(slots));
    }

    [Fact]
    public void CheckInterval_reports_the_earliest_reason_when_several_fail()
    {
        var (schedule, timeOff, busy, now) = VerdictScenario();
        UtcInterval[] everythingOff = [Local("2026-01-12 00:00", "2026-01-14 00:00")];

        Assert.Equal(SlotVerdict.InPast,
            AvailabilityEngine.CheckInterval(schedule, everythingOff, busy, Utc("2026-01-12 05:07"), 60, now));
        Assert.Equal(SlotVerdict.NotOnSlotGrid,
            AvailabilityEngine.CheckInterval(schedule, everythingOff, busy, Utc("2026-01-12 08:07"), 60, now));
        Assert.Equal(SlotVerdict.OutsideWorkingHours,
            AvailabilityEngine.CheckInterval(schedule, everythingOff, busy, Utc("2026-01-12 18:00"), 60, now));
        Assert.Equal(SlotVerdict.TimeOff,
            AvailabilityEngine.CheckInterval(schedule, everythingOff, busy, Utc("2026-01-12 09:00"), 60, now));
    }

    [Fact]
    public void CheckInterval_rejects_a_start_with_seconds_as_off_grid()
    {
        var (schedule, timeOff, busy, now) = VerdictScenario();

        var verdict = AvailabilityEngine.CheckInterval(schedule, timeOff, busy, Utc("2026-01-12 13:00").AddSeconds(1), 60, now);

        Assert.Equal(SlotVerdict.NotOnSlotGrid, verdict);
    }

    [Fact]
    public void Arguments_out_of_range_are_programmer_errors()
    {
        var schedule = Schedule([Works(DayOfWeek.Monday, "09:00", "12:00")]);
        var zeroStep = schedule with { SlotStepMinutes = 0 };

        Assert.Throws<ArgumentOutOfRangeException>(() => AvailabilityEngine.FreeSlots(schedule, None, None, Monday, 1, 0, LongBefore));
        Assert.Throws<ArgumentOutOfRangeException>(() => AvailabilityEngine.FreeSlots(schedule, None, None, Monday, 0, 30, LongBefore));
        Assert.Throws<ArgumentOutOfRangeException>(() => AvailabilityEngine.FreeSlots(schedule, None, None, Monday, 367, 30, LongBefore));
        Assert.Throws<ArgumentOutOfRangeException>(() => AvailabilityEngine.FreeSlots(zeroStep, None, None, Monday, 1, 30, LongBefore));
        Assert.Throws<ArgumentOutOfRangeException>(() => AvailabilityEngine.CheckInterval(schedule, None, None, LongBefore, -5, LongBefore));
        Assert.Throws<ArgumentOutOfRangeException>(() => AvailabilityEngine.CheckInterval(zeroStep, None, None, LongBefore, 30, LongBefore));
        Assert.Throws<ArgumentOutOfRangeException>(() => AvailabilityEngine.UtcRangeOfLocalDays(Berlin, Monday, 0));
    }

    [Fact]
    public void A_year_of_days_is_allowed()
    {
        var schedule = Schedule([Works(DayOfWeek.Monday, "09:00", "10:00")], maxAdvanceDays: 400);

        var slots = AvailabilityEngine.FreeSlots(schedule, None, None, Monday, 366, 60, LongBefore);

        Assert.Equal(53, slots.Count);
    }

    [Fact]
    public void Unknown_time_zone_surfaces_and_can_be_checked_first()
    {
        var schedule = Schedule([Works(DayOfWeek.Monday, "09:00", "12:00")], zone: "Mars/Olympus_Mons");

        Assert.Throws<TimeZoneNotFoundException>(() => AvailabilityEngine.FreeSlots(schedule, None, None, Monday, 1, 30, LongBefore));
        Assert.False(AvailabilityEngine.IsKnownTimeZone("Mars/Olympus_Mons"));
        Assert.False(AvailabilityEngine.IsKnownTimeZone(""));
        Assert.True(AvailabilityEngine.IsKnownTimeZone(Berlin));
        Assert.True(AvailabilityEngine.IsKnownTimeZone(NewYork));
    }

    [Fact]
    public void UtcRangeAffectingLocalDays_widens_the_days_by_the_longest_travel_gap()
    {
        var schedule = Schedule([Works(DayOfWeek.Monday, "09:00", "12:00")], buffer: 45);

        var range = AvailabilityEngine.UtcRangeAffectingLocalDays(schedule, Monday, 2);

        // Local midnight is 23:00 UTC; a booking up to TravelTime.MaxGap (12 h) away can still block the first minutes.
        Assert.Equal(new UtcInterval(UtcInstant("2026-01-11 11:00"), UtcInstant("2026-01-14 11:00")), range);
    }

    /// <summary>
    /// Monday 09:00-17:00 with lunch 12:00-13:00, time off 15:00-16:00, a booking 10:00-11:00 with a 15-minute buffer,
    /// two hours' notice, a one-day window, 15-minute grid, and now at 06:00 local.
    /// </summary>
    private static (ProviderSchedule, UtcInterval[], UtcInterval[], DateTime) VerdictScenario() => (
        Schedule(
            [Works(DayOfWeek.Monday, "09:00", "17:00"), Works(DayOfWeek.Tuesday, "00:00", "23:59")],
            [Pause(DayOfWeek.Monday, "12:00", "13:00")],
            buffer: 15, minNotice: 120, maxAdvanceDays: 1, step: 15),
        [Local("2026-01-12 15:00", "2026-01-12 16:00")],
        [Local("2026-01-12 10:00", "2026-01-12 11:00")],
        Utc("2026-01-12 06:00"));
}
