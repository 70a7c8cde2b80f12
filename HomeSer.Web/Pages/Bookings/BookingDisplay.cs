using HomeSer.Web.Features.Scheduling;

namespace HomeSer.Web.Pages.Bookings;

/// <summary>How the booking pages write statuses and payments for people (money and times: <see cref="Display"/>).</summary>
public static class BookingDisplay
{
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

    /// <summary>The payment as a customer would say it, not as the gateway does ("Voided", "Captured").</summary>
    public static string PaymentText(string method, string status) => (method, status) switch
    {
        ("card", "authorized") => "Card · reserved now, charged when the job is done",
        ("card", "captured") => "Card · charged",
        ("card", "voided") => "Card · reservation released, nothing charged",
        ("card", "failed") => "Card · the payment did not go through",
        ("card", _) => "Card · waiting for the card",
        (_, "captured") => "Pay on completion · paid",
        (_, "voided" or "failed") => "Pay on completion · nothing to pay",
        _ => "Pay on completion · you pay when the job is done",
    };
}

/// <summary>
/// The status badge partial's model. With a booking id the badge subscribes to the booking's live channel; the page's
/// main badge (not a list row's) also gets <c>id="booking-status"</c>.
/// </summary>
public sealed record StatusBadge(string Status, int? BookingId = null, bool IsPageBadge = true)
{
    public static StatusBadge InRow(string status, int bookingId) => new(status, bookingId, IsPageBadge: false);
}
