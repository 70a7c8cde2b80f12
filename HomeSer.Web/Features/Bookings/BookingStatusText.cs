using HomeSer.Web.Features.Payments;

namespace HomeSer.Web.Features.Bookings;

/// <summary>How far along a booking is, as the "what happens next" stepper tells it.</summary>
public enum BookingStage
{
    Requested,
    Confirmed,
    Underway,
    Done,
}

/// <summary>
/// The lifecycle as people read it: a word and a symbol per status (a badge carries both, not only a colour), the stage
/// a status stands for, and the payment in the customer's words. Kept beside the rules so a new status cannot be
/// added without its words.
/// </summary>
public static class BookingStatusText
{
    public static string Label(this BookingStatus status) => status switch
    {
        BookingStatus.Pending => "Pending",
        BookingStatus.Confirmed => "Confirmed",
        BookingStatus.InProgress => "In progress",
        BookingStatus.Completed => "Completed",
        BookingStatus.Cancelled => "Cancelled",
        BookingStatus.NoShow => "No show",
        BookingStatus.Rescheduled => "Rescheduled",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static string Symbol(this BookingStatus status) => status switch
    {
        BookingStatus.Pending => "◷",
        BookingStatus.Confirmed => "✓",
        BookingStatus.InProgress => "▶",
        BookingStatus.Completed => "✔",
        BookingStatus.Cancelled => "✕",
        BookingStatus.NoShow => "⊘",
        BookingStatus.Rescheduled => "↻",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>The stage of a booking that is still on its way to a review; null for one that ended otherwise.</summary>
    public static BookingStage? Stage(this BookingStatus status) => status switch
    {
        BookingStatus.Pending or BookingStatus.Rescheduled => BookingStage.Requested,
        BookingStatus.Confirmed => BookingStage.Confirmed,
        BookingStatus.InProgress => BookingStage.Underway,
        BookingStatus.Completed => BookingStage.Done,
        _ => null,
    };

    /// <summary>The word for a wire status ("in_progress" reads "In progress"); an unknown one is shown as it came.</summary>
    public static string LabelOf(string wireStatus) =>
        BookingStatusNames.TryParse(wireStatus, out var status) ? status.Label() : wireStatus;

    public static string SymbolOf(string wireStatus) =>
        BookingStatusNames.TryParse(wireStatus, out var status) ? status.Symbol() : "•";

    /// <summary>The payment as a customer would say it, not as the gateway does ("Voided", "Captured").</summary>
    public static string PaymentText(PaymentView payment)
    {
        var card = PaymentNames.TryParseMethod(payment.Method, out var method) && method == PaymentMethod.Card;
        PaymentStatus? status = Enum.TryParse<PaymentStatus>(payment.Status, ignoreCase: true, out var parsed) ? parsed : null;
        return (card, status) switch
        {
            (true, PaymentStatus.Authorized) => "Card · reserved now, charged when the job is done",
            (true, PaymentStatus.Captured) => "Card · charged",
            (true, PaymentStatus.Voided) => "Card · reservation released, nothing charged",
            (true, PaymentStatus.Failed) => "Card · the payment did not go through",
            (true, _) => "Card · waiting for the card",
            (false, PaymentStatus.Captured) => "Pay on completion · paid",
            (false, PaymentStatus.Voided or PaymentStatus.Failed) => "Pay on completion · nothing to pay",
            _ => "Pay on completion · you pay when the job is done",
        };
    }

    public static bool PaysByCard(this PaymentView payment) =>
        PaymentNames.TryParseMethod(payment.Method, out var method) && method == PaymentMethod.Card;
}
