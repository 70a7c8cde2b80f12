using System.Globalization;
using System.Text;
using HomeSer.Web.Features.Bookings;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using IcalCalendar = Ical.Net.Calendar;

namespace HomeSer.Web.Features.Calendar;

/// <summary>What an iCalendar file asks of the calendar that reads it (RFC 5546): add or update, or remove.</summary>
public enum CalendarMethod { Request, Cancel }

/// <summary>One booking as a calendar event, already worded for the party who gets it.</summary>
public sealed record CalendarEntry(
    string Uid, int Sequence, DateTime StartUtc, DateTime EndUtc, string TimeZoneId, string Summary, string? Location,
    string Description, Uri Link, BookingStatus Status, DateTime StampUtc);

/// <summary>The facts about a booking an event is built from (names and zone come from other tables).</summary>
public sealed record BookingFacts(Booking Booking, string ServiceName, string ProviderName, string CustomerName, string TimeZoneId);

/// <summary>
/// Turns bookings into iCalendar text (pure: no clock, no database). One event per booking with a UID that never changes
/// and the booking's own SEQUENCE, times in the provider's zone with its VTIMEZONE, and the address as the party may see it.
/// </summary>
public static class BookingCalendar
{
    public const string ContentType = "text/calendar; charset=utf-8";
    public const string ProductId = "-//HomeSer//Bookings//EN";

    /// <summary>The method a file about this booking carries: a cancelled booking is withdrawn, any other is (re)sent.</summary>
    public static CalendarMethod MethodFor(BookingStatus status) => status == BookingStatus.Cancelled ? CalendarMethod.Cancel : CalendarMethod.Request;

    /// <summary>The booking's UID: the same in every file and feed, so calendars update one event.</summary>
    public static string Uid(int bookingId, Uri publicOrigin) => string.Create(CultureInfo.InvariantCulture, $"booking-{bookingId}@{publicOrigin.Host}");

    /// <summary>The event of one booking as <paramref name="party"/> sees it; the link is the booking's page on the public origin.</summary>
    public static CalendarEntry Entry(BookingFacts facts, BookingParty party, Uri publicOrigin)
    {
        var booking = facts.Booking;
        var address = booking.AddressSeenBy(party);
        var withWhom = party == BookingParty.Provider ? facts.CustomerName : facts.ProviderName;
        var link = new Uri(publicOrigin, string.Create(CultureInfo.InvariantCulture, $"Bookings/{booking.Id}"));
        var description = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{facts.ServiceName} (booking #{booking.Id}, {BookingStatusText.Label(booking.Status).ToLowerInvariant()})")
            .Append('\n').Append(party == BookingParty.Provider ? "Customer: " : "Provider: ").Append(withWhom);
        if (address is { AccessNotes.Length: > 0 })
        {
            description.Append('\n').Append("Access: ").Append(address.AccessNotes);
        }
        description.Append('\n').Append("Details: ").Append(link);
        return new CalendarEntry(
            Uid(booking.Id, publicOrigin), booking.CalendarSequence, booking.StartUtc, booking.ScheduledEndUtc, facts.TimeZoneId,
            string.IsNullOrWhiteSpace(withWhom) ? facts.ServiceName : $"{facts.ServiceName} – {withWhom}",
            address is null ? null : Place(address), description.ToString(), link, booking.Status, booking.UpdatedAt);
    }

    /// <summary>
    /// One file: a method for a mail or a download (null for a subscribed feed, which only publishes), the events, and one
    /// VTIMEZONE per zone they use. <paramref name="organizer"/> is the marketplace's mail address.
    /// </summary>
    public static string Write(CalendarMethod? method, IReadOnlyList<CalendarEntry> entries, string? organizer = null, string? name = null)
    {
        var calendar = new IcalCalendar { ProductId = ProductId };
        if (method is { } chosen)
        {
            calendar.Method = chosen == CalendarMethod.Cancel ? "CANCEL" : "REQUEST";
        }
        if (name is not null)
        {
            calendar.AddProperty("X-WR-CALNAME", name);
        }
        foreach (var zone in entries.Select(e => e.TimeZoneId).Distinct(StringComparer.Ordinal).Where(z => z != "UTC"))
        {
            // A fixed first year keeps the file the same from day to day (a stable ETag); the rules since then are current.
            calendar.AddTimeZone(VTimeZone.FromDateTimeZone(zone, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc), includeHistoricalData: false));
        }
        foreach (var entry in entries)
        {
            calendar.Events.Add(Event(entry, method == CalendarMethod.Cancel, organizer));
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static CalendarEvent Event(CalendarEntry entry, bool cancelled, string? organizer)
    {
        var calendarEvent = new CalendarEvent
        {
            Uid = entry.Uid,
            Sequence = entry.Sequence,
            DtStamp = new CalDateTime(DateTime.SpecifyKind(entry.StampUtc, DateTimeKind.Utc), "UTC", true),
            DtStart = Local(entry.StartUtc, entry.TimeZoneId),
            DtEnd = Local(entry.EndUtc, entry.TimeZoneId),
            Summary = entry.Summary,
            Description = entry.Description,
            Location = entry.Location,
            Url = entry.Link,
            Status = cancelled || entry.Status == BookingStatus.Cancelled ? "CANCELLED" : EventStatus(entry.Status),
            Transparency = "OPAQUE",
        };
        if (organizer is not null)
        {
            calendarEvent.Organizer = new Organizer("mailto:" + organizer) { CommonName = "HomeSer" };
        }
        return calendarEvent;
    }

    /// <summary>
    /// The provider's wall-clock time with its zone, which calendars show across DST as booked. A time the zone shows
    /// twice (the hour after clocks go back) would be read as its first occurrence, so such an instant is written in UTC.
    /// </summary>
    private static CalDateTime Local(DateTime utc, string timeZoneId)
    {
        utc = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        if (timeZoneId == "UTC")
        {
            return new CalDateTime(utc, "UTC", true);
        }
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        return zone.IsAmbiguousTime(local)
            ? new CalDateTime(utc, "UTC", true)
            : new CalDateTime(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), timeZoneId, true);
    }

    // Pending and moved bookings wait for the provider's yes: tentative until then.
    private static string EventStatus(BookingStatus status) =>
        status is BookingStatus.Pending or BookingStatus.Rescheduled ? "TENTATIVE" : "CONFIRMED";

    private static string Place(ServiceAddress address) =>
        string.Join(", ", new[] { address.Street, $"{address.PostalCode} {address.City}".Trim() }.Where(part => !string.IsNullOrWhiteSpace(part)));
}
