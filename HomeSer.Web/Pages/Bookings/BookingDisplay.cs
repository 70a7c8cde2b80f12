using System.Globalization;
using HomeSer.Web.Features.Scheduling;

namespace HomeSer.Web.Pages.Bookings;

/// <summary>How the booking pages write times, durations, prices and statuses for people.</summary>
public static class BookingDisplay
{
    public static DateTime ToLocal(DateTime utc, string timeZoneId) =>
        ProviderTimeZones.ToLocal(ProviderTimeZones.Find(timeZoneId), DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    /// <summary>"Tue 8 Jan 2030, 09:00 (Europe/Berlin)": the zone is always named so nobody misreads the time.</summary>
    public static string LocalDateTime(DateTime utc, string timeZoneId) =>
        $"{ToLocal(utc, timeZoneId).ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture)} ({timeZoneId})";

    public static string LocalTime(DateTime utc, string timeZoneId) =>
        ToLocal(utc, timeZoneId).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Day(DateOnly date) => date.ToString("ddd d MMM", CultureInfo.InvariantCulture);

    public static string IsoUtc(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Duration(int minutes) => (minutes / 60, minutes % 60) switch
    {
        (0, var m) => $"{m} min",
        (var h, 0) => $"{h} h",
        (var h, var m) => $"{h} h {m} min",
    };

    public static string Price(long cents, string currency) => Search.SearchResultsView.Price(cents, currency);

    public static string StatusText(string status) => status switch
    {
        "pending" => "Pending",
        "confirmed" => "Confirmed",
        "in_progress" => "In progress",
        "completed" => "Completed",
        "cancelled" => "Cancelled",
        "no_show" => "No show",
        "rescheduled" => "Rescheduled",
        _ => status,
    };

    public static string PaymentText(string method, string status) =>
        $"{(method == "card" ? "Card" : "Pay on completion")} · {CultureInfo.InvariantCulture.TextInfo.ToTitleCase(status)}";
}

/// <summary>The status badge partial's model; a booking id marks the page's main badge, which live updates look for.</summary>
public sealed record StatusBadge(string Status, int? BookingId = null);
