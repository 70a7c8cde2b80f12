using HomeSer.Web.Features.Scheduling;

namespace HomeSer.Tests.Scheduling;

/// <summary>Occurrences of a series keep the provider-local wall-clock time; their UTC instants move with the clocks.</summary>
public class RecurrenceTests
{
    // 2030: Berlin springs 02:00 -> 03:00 on Sunday 31 March and falls 03:00 -> 02:00 on Sunday 27 October.
    private const string Berlin = "Europe/Berlin";
    private static readonly TimeZoneInfo BerlinZone = TimeZoneInfo.FindSystemTimeZoneById(Berlin);

    private static DateTime Utc(string instant) => DateTime.SpecifyKind(DateTime.Parse(instant, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);

    private static string Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, BerlinZone).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Weekly_visits_across_spring_forward_stay_at_ten_local()
    {
        // Tuesday 26 March 10:00 CET is 09:00 UTC; from 2 April it is 10:00 CEST, 08:00 UTC.
        var visits = Recurrence.Occurrences(Berlin, Utc("2030-03-26 09:00"), RecurrenceFrequency.Weekly, 3);

        Assert.Equal(["2030-03-26 10:00", "2030-04-02 10:00", "2030-04-09 10:00"], visits.Select(v => Local(v.StartUtc!.Value)));
        Assert.Equal([Utc("2030-03-26 09:00"), Utc("2030-04-02 08:00"), Utc("2030-04-09 08:00")], visits.Select(v => v.StartUtc!.Value));
    }

    [Fact]
    public void Weekly_visits_across_fall_back_stay_at_ten_local()
    {
        // Tuesday 22 October 10:00 CEST is 08:00 UTC; from 29 October it is 10:00 CET, 09:00 UTC.
        var visits = Recurrence.Occurrences(Berlin, Utc("2030-10-22 08:00"), RecurrenceFrequency.Weekly, 2);

        Assert.Equal(["2030-10-22 10:00", "2030-10-29 10:00"], visits.Select(v => Local(v.StartUtc!.Value)));
        Assert.Equal(Utc("2030-10-29 09:00"), visits[1].StartUtc);
    }

    [Fact]
    public void A_visit_in_the_spring_forward_gap_has_no_start()
    {
        // Sunday 24 March 02:30 exists; a week later 02:30 is skipped by the clocks.
        var visits = Recurrence.Occurrences(Berlin, Utc("2030-03-24 01:30"), RecurrenceFrequency.Weekly, 3);

        Assert.Null(visits[1].StartUtc);
        Assert.Equal(new DateOnly(2030, 3, 31), visits[1].LocalDate);
        Assert.Equal("2030-04-07 02:30", Local(visits[2].StartUtc!.Value));
    }

    [Fact]
    public void A_visit_in_the_repeated_autumn_hour_is_its_first_occurrence()
    {
        // Sunday 20 October 02:30 CEST is 00:30 UTC; on 27 October 02:30 happens twice, first at 00:30 UTC (CEST).
        var visits = Recurrence.Occurrences(Berlin, Utc("2030-10-20 00:30"), RecurrenceFrequency.Weekly, 2);

        Assert.Equal(Utc("2030-10-27 00:30"), visits[1].StartUtc);
    }

    [Theory]
    [InlineData(RecurrenceFrequency.Weekly, 7)]
    [InlineData(RecurrenceFrequency.Every2Weeks, 14)]
    [InlineData(RecurrenceFrequency.Every4Weeks, 28)]
    public void Visits_are_the_frequency_apart_in_local_days(RecurrenceFrequency frequency, int days)
    {
        var visits = Recurrence.Occurrences(Berlin, Utc("2030-01-08 09:00"), frequency, 26);

        Assert.Equal(26, visits.Count);
        Assert.All(visits.Zip(visits.Skip(1)), pair => Assert.Equal(days, pair.Second.LocalDate.DayNumber - pair.First.LocalDate.DayNumber));
        Assert.All(visits, v => Assert.EndsWith("10:00", Local(v.StartUtc!.Value)));
    }

    [Theory]
    [InlineData("weekly", RecurrenceFrequency.Weekly)]
    [InlineData("every_2_weeks", RecurrenceFrequency.Every2Weeks)]
    [InlineData("every_4_weeks", RecurrenceFrequency.Every4Weeks)]
    public void Frequency_names_round_trip(string wire, RecurrenceFrequency frequency)
    {
        Assert.True(Recurrence.TryParse(wire, out var parsed));
        Assert.Equal(frequency, parsed);
        Assert.Equal(wire, frequency.ToWire());
    }

    [Theory]
    [InlineData("monthly")]
    [InlineData("Weekly")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_frequencies_do_not_parse(string? wire) => Assert.False(Recurrence.TryParse(wire, out _));
}
