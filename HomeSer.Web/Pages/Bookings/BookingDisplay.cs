using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Scheduling;

namespace HomeSer.Web.Pages.Bookings;

/// <summary>How the booking pages write statuses and payments for people (money and times: <see cref="Display"/>).</summary>
public static class BookingDisplay
{
    public static string StatusText(string status) => BookingStatusText.LabelOf(status);

    /// <summary>A symbol and the word carry the status as well as the colour does.</summary>
    public static string StatusSymbol(string status) => BookingStatusText.SymbolOf(status);

    /// <summary>Every status's symbol and word, for live.js to redraw a badge exactly as _StatusBadge does.</summary>
    public static IReadOnlyDictionary<string, string[]> StatusLabels { get; } =
        Enum.GetValues<BookingStatus>().ToDictionary(s => s.ToWire(), s => new[] { s.Symbol(), s.Label() });

    /// <summary>The payment as a customer would say it, not as the gateway does ("Voided", "Captured").</summary>
    public static string PaymentText(PaymentView payment) => BookingStatusText.PaymentText(payment);
}

/// <summary>
/// The status badge partial's model. With a booking id the badge subscribes to the booking's live channel; the page's
/// main badge (not a list row's) also gets <c>id="booking-status"</c>.
/// </summary>
public sealed record StatusBadge(string Status, int? BookingId = null, bool IsPageBadge = true)
{
    public static StatusBadge InRow(string status, int bookingId) => new(status, bookingId, IsPageBadge: false);
}
