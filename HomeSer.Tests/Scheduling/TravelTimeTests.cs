using HomeSer.Web.Features.Scheduling;
using static HomeSer.Tests.Scheduling.ScheduleExamples;

namespace HomeSer.Tests.Scheduling;

/// <summary>Travel time between homes: consecutive jobs at least max(buffer, travel) apart, from the engine alone.</summary>
public class TravelTimeTests
{
    private static readonly DateOnly Monday = Day("2026-01-12");
    private static readonly DateTime LongBefore = UtcInstant("2026-01-01 00:00");

    // Kreuzberg and Spandau are about 15 km apart; next door is a few metres away.
    private static readonly GeoPoint Kreuzberg = new(52.5016, 13.4187);
    private static readonly GeoPoint Spandau = new(52.5362, 13.2003);
    private static readonly GeoPoint NextDoor = new(52.5017, 13.4190);
    private static readonly GeoPoint NearSpandau = new(52.5363, 13.2006);

    private static ProviderSchedule Day9To17(int buffer = 15, int speedKmh = 30) =>
        Schedule([Works(DayOfWeek.Monday, "09:00", "17:00")], buffer: buffer, step: 15) with { TravelSpeedKmh = speedKmh };

    private static BusyBooking JobAt(string start, string end, GeoPoint? place) => new(Local($"2026-01-12 {start}", $"2026-01-12 {end}"), place);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0.1, 5)]
    [InlineData(15, 30)]
    [InlineData(15.1, 35)]
    [InlineData(2.5, 5)]
    public void Travel_minutes_are_the_distance_at_the_speed_rounded_up_to_five(double km, int minutes) =>
        Assert.Equal(minutes, TravelTime.Minutes(km, 30));

    [Fact]
    public void A_job_next_door_needs_only_the_buffer()
    {
        var starts = LocalStarts(AvailabilityEngine.FreeSlots(Day9To17(), None, [JobAt("10:00", "11:00", Kreuzberg)], Monday, 1, 60, LongBefore, NextDoor));

        Assert.DoesNotContain("11:00", starts);
        Assert.Contains("11:15", starts);
    }

    [Fact]
    public void A_job_across_the_city_keeps_the_drive_free_on_both_sides()
    {
        var distance = Kreuzberg.DistanceKm(Spandau);
        var travel = TravelTime.Minutes(distance, 30);
        Assert.InRange(travel, 31, 45);

        var starts = LocalStarts(AvailabilityEngine.FreeSlots(Day9To17(), None, [JobAt("12:00", "13:00", Spandau)], Monday, 1, 60, LongBefore, Kreuzberg));

        // Before: a 60-minute job must end `travel` minutes before 12:00; after: start `travel` minutes after 13:00.
        var lastBefore = TimeOnly.Parse("11:00").AddMinutes(-travel);
        var firstAfter = TimeOnly.Parse("13:00").AddMinutes(travel);
        Assert.All(starts, s =>
        {
            var start = TimeOnly.Parse(s);
            Assert.True(start <= lastBefore || start >= firstAfter, $"{s} leaves less than {travel} minutes to drive");
        });
        Assert.Contains(starts, s => TimeOnly.Parse(s) >= firstAfter && TimeOnly.Parse(s) < firstAfter.AddMinutes(15));
    }

    [Fact]
    public void Travel_time_offers_fewer_starts_than_the_buffer_alone()
    {
        var busy = new[] { JobAt("12:00", "13:00", Spandau) };

        var withPlace = AvailabilityEngine.FreeSlots(Day9To17(), None, busy, Monday, 1, 60, LongBefore, Kreuzberg);
        var withoutPlace = AvailabilityEngine.FreeSlots(Day9To17(), None, busy, Monday, 1, 60, LongBefore);

        Assert.True(withPlace.Count < withoutPlace.Count, $"{withPlace.Count} starts with travel, {withoutPlace.Count} without");
    }

    [Fact]
    public void An_unknown_place_on_either_side_applies_the_buffer_alone()
    {
        var fromNowhere = AvailabilityEngine.FreeSlots(Day9To17(), None, [JobAt("12:00", "13:00", Spandau)], Monday, 1, 60, LongBefore);
        var toNowhere = AvailabilityEngine.FreeSlots(Day9To17(), None, [JobAt("12:00", "13:00", null)], Monday, 1, 60, LongBefore, Kreuzberg);

        Assert.Contains("13:15", LocalStarts(fromNowhere));
        Assert.Contains("13:15", LocalStarts(toNowhere));
    }

    [Fact]
    public void A_long_buffer_wins_over_a_short_drive()
    {
        var starts = LocalStarts(AvailabilityEngine.FreeSlots(Day9To17(buffer: 60), None, [JobAt("12:00", "13:00", Kreuzberg)], Monday, 1, 60, LongBefore, NextDoor));

        Assert.DoesNotContain("13:45", starts);
        Assert.Contains("14:00", starts);
    }

    [Fact]
    public void A_free_start_too_close_to_drive_is_unreachable_not_occupied()
    {
        var busy = new[] { JobAt("12:00", "13:00", Spandau) };

        Assert.Equal(SlotVerdict.Unreachable,
            AvailabilityEngine.CheckInterval(Day9To17(), None, busy, Utc("2026-01-12 13:15"), 60, LongBefore, Kreuzberg));
        Assert.Equal(SlotVerdict.Occupied,
            AvailabilityEngine.CheckInterval(Day9To17(), None, busy, Utc("2026-01-12 13:00"), 60, LongBefore, Kreuzberg));
        Assert.Equal(SlotVerdict.Bookable,
            AvailabilityEngine.CheckInterval(Day9To17(), None, busy, Utc("2026-01-12 13:15"), 60, LongBefore, NearSpandau));
    }

    [Fact]
    public void A_faster_provider_needs_less_time_between_homes()
    {
        var busy = new[] { JobAt("12:00", "13:00", Spandau) };

        Assert.Equal(SlotVerdict.Unreachable,
            AvailabilityEngine.CheckInterval(Day9To17(speedKmh: 30), None, busy, Utc("2026-01-12 13:30"), 60, LongBefore, Kreuzberg));
        Assert.Equal(SlotVerdict.Bookable,
            AvailabilityEngine.CheckInterval(Day9To17(speedKmh: 60), None, busy, Utc("2026-01-12 13:30"), 60, LongBefore, Kreuzberg));
    }
}
