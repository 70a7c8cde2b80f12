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

    /// <summary>A symbol and the word carry the status as well as the colour does.</summary>
    public static string StatusSymbol(string status) => status switch
    {
        "pending" => "◷",
        "confirmed" => "✓",
        "in_progress" => "▶",
        "completed" => "✔",
        "cancelled" => "✕",
        "no_show" => "⊘",
        "rescheduled" => "↻",
        _ => "•",
    };

    /// <summary>Every status's symbol and word, for live.js to redraw a badge exactly as _StatusBadge does.</summary>
    public static IReadOnlyDictionary<string, string[]> StatusLabels { get; } =
        new[] { "pending", "confirmed", "in_progress", "completed", "cancelled", "no_show", "rescheduled" }
            .ToDictionary(s => s, s => new[] { StatusSymbol(s), StatusText(s) });

    public static string PaymentText(string method, string status) =>
        $"{(method == "card" ? "Card" : "Pay on completion")} · {CultureInfo.InvariantCulture.TextInfo.ToTitleCase(status)}";
}

/// <summary>
/// The status badge partial's model. With a booking id the badge subscribes to the booking's live channel; the page's
/// main badge (not a list row's) also gets <c>id="booking-status"</c>.
/// </summary>
public sealed record StatusBadge(string Status, int? BookingId = null, bool IsPageBadge = true)
{
    public static StatusBadge InRow(string status, int bookingId) => new(status, bookingId, IsPageBadge: false);
}
