using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Calendar;
using HomeSer.Web.Features.Payments;
using IcalCalendar = Ical.Net.Calendar;

namespace HomeSer.Tests.Calendar;

/// <summary>The pure builder: what we emit, read back with Ical.Net as a calendar app would.</summary>
public sealed class BookingCalendarTests
{
    private static readonly Uri Origin = new("https://homeser.example/");

    private static CalendarEntry Entry(DateTime startUtc, int minutes = 60, string zone = "Europe/Berlin", BookingStatus status = BookingStatus.Confirmed) =>
        new("booking-7@homeser.example", 2, startUtc, startUtc.AddMinutes(minutes), zone, "Leak repair – Anna", "Oranienstraße 25, 10999 Berlin",
            "Leak repair", new Uri(Origin, "Bookings/7"), status, new DateTime(2030, 1, 7, 8, 0, 0, DateTimeKind.Utc));

    private static Ical.Net.CalendarComponents.CalendarEvent ReadBack(string text, out IcalCalendar calendar)
    {
        calendar = IcalCalendar.Load(text)!;
        return Assert.Single(calendar.Events);
    }

    [Theory]
    // The last Sunday of March 2030: Berlin moves from UTC+1 to UTC+2 at 02:00, so 10:00 that day is 08:00 UTC.
    [InlineData("2030-03-30T09:00:00Z", 10, "2030-03-30T10:00:00")]
    [InlineData("2030-03-31T08:00:00Z", 10, "2030-03-31T10:00:00")]
    // The last Sunday of October 2030: back to UTC+1 at 03:00, so 10:00 is 09:00 UTC again.
    [InlineData("2030-10-26T08:00:00Z", 10, "2030-10-26T10:00:00")]
    [InlineData("2030-10-27T09:00:00Z", 10, "2030-10-27T10:00:00")]
    public void Times_are_Berlin_wall_clock_with_the_zone_on_both_sides_of_a_DST_change(string startUtc, int localHour, string local)
    {
        var start = DateTime.Parse(startUtc, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        var text = BookingCalendar.Write(CalendarMethod.Request, [Entry(start)]);

        var ev = ReadBack(text, out var calendar);
        Assert.Equal("Europe/Berlin", ev.DtStart!.TzId);
        Assert.Equal(localHour, ev.DtStart.Hour);
        Assert.Equal(DateTime.Parse(local), ev.DtStart.Value);
        Assert.Equal(start, ev.DtStart.AsUtc);
        Assert.Equal(start.AddHours(1), ev.DtEnd!.AsUtc);
        Assert.Equal("Europe/Berlin", Assert.Single(calendar.TimeZones).TzId);
        Assert.Contains("DTSTART;TZID=Europe/Berlin:" + DateTime.Parse(local).ToString("yyyyMMdd'T'HHmmss"), text);
    }

    [Fact]
    public void A_job_that_runs_across_the_spring_change_ends_at_its_real_instant()
    {
        // 01:00-04:00 local on 2030-03-31 is only two hours long: 00:00Z-02:00Z.
        var start = new DateTime(2030, 3, 31, 0, 0, 0, DateTimeKind.Utc);
        var ev = ReadBack(BookingCalendar.Write(CalendarMethod.Request, [Entry(start, minutes: 120)]), out _);
        Assert.Equal(1, ev.DtStart!.Hour);
        Assert.Equal(4, ev.DtEnd!.Hour);
        Assert.Equal(TimeSpan.FromHours(2), ev.DtEnd.AsUtc - ev.DtStart.AsUtc);
    }

    [Fact]
    public void The_second_of_two_equal_autumn_hours_is_written_in_utc_so_it_is_not_read_as_the_first()
    {
        // 02:30 happens twice in Berlin on 2030-10-27; 01:30Z is the second one (UTC+1).
        var start = new DateTime(2030, 10, 27, 1, 30, 0, DateTimeKind.Utc);
        var ev = ReadBack(BookingCalendar.Write(CalendarMethod.Request, [Entry(start)]), out _);
        Assert.Equal(start, ev.DtStart!.AsUtc);
    }

    [Fact]
    public void Request_and_cancel_carry_their_method_uid_sequence_and_status()
    {
        var start = new DateTime(2030, 1, 8, 9, 0, 0, DateTimeKind.Utc);
        var request = ReadBack(BookingCalendar.Write(CalendarMethod.Request, [Entry(start)], "no-reply@homeser.test"), out var requested);
        Assert.Equal("REQUEST", requested.Method);
        Assert.Equal("booking-7@homeser.example", request.Uid);
        Assert.Equal(2, request.Sequence);
        Assert.Equal("CONFIRMED", request.Status);
        Assert.Equal("mailto:no-reply@homeser.test", request.Organizer!.Value!.ToString());
        Assert.Equal("Oranienstraße 25, 10999 Berlin", request.Location);

        var cancel = ReadBack(BookingCalendar.Write(CalendarMethod.Cancel, [Entry(start, status: BookingStatus.Cancelled)]), out var cancelled);
        Assert.Equal("CANCEL", cancelled.Method);
        Assert.Equal("CANCELLED", cancel.Status);
        Assert.Equal(request.Uid, cancel.Uid);
    }

    [Fact]
    public void A_pending_booking_is_tentative_and_a_feed_has_no_method()
    {
        var start = new DateTime(2030, 1, 8, 9, 0, 0, DateTimeKind.Utc);
        var ev = ReadBack(BookingCalendar.Write(null, [Entry(start, status: BookingStatus.Pending)], name: "HomeSer bookings"), out var feed);
        Assert.Null(feed.Method);
        Assert.Equal("TENTATIVE", ev.Status);
    }

    [Fact]
    public void The_entry_shows_the_provider_no_street_before_confirmation_and_links_the_booking_on_the_public_origin()
    {
        var address = new ServiceAddress("Oranienstraße 25", "10999", "Berlin", 52.5, 13.4, "Bell: Anna", Approximate: false);
        var booking = Booking.Create(1, 2, 3, new DateOnly(2030, 1, 8), new DateTime(2030, 1, 8, 9, 0, 0, DateTimeKind.Utc), 60, "", 8900, "EUR", null,
            Payment.OnCompletion(8900, "EUR", DateTime.UnixEpoch), DateTime.UnixEpoch, address);
        booking.Id = 41;
        var facts = new BookingFacts(booking, "Leak repair", "Pat's Plumbing", "Anna", "Europe/Berlin");

        var forProvider = BookingCalendar.Entry(facts, BookingParty.Provider, Origin);
        var forCustomer = BookingCalendar.Entry(facts, BookingParty.Customer, Origin);

        Assert.Equal("booking-41@homeser.example", forProvider.Uid);
        Assert.Equal("10999 Berlin", forProvider.Location);
        Assert.DoesNotContain("Bell", forProvider.Description);
        Assert.Equal("Leak repair – Anna", forProvider.Summary);
        Assert.Equal("Oranienstraße 25, 10999 Berlin", forCustomer.Location);
        Assert.Contains("Access: Bell: Anna", forCustomer.Description);
        Assert.Equal("Leak repair – Pat's Plumbing", forCustomer.Summary);
        Assert.Equal(new Uri("https://homeser.example/Bookings/41"), forCustomer.Link);
        Assert.Contains("https://homeser.example/Bookings/41", forCustomer.Description);
    }
}
