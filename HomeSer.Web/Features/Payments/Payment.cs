namespace HomeSer.Web.Features.Payments;

public enum PaymentMethod { OnCompletion, Card }

public enum PaymentStatus { Pending, Authorized, Captured, Voided, Failed }

/// <summary>The money side of one booking, in minor units.</summary>
public sealed class Payment
{
    public int Id { get; set; }
    public int BookingId { get; set; }
    public PaymentMethod Method { get; set; }
    public PaymentStatus Status { get; set; }
    public long AmountCents { get; set; }
    /// <summary>A late-cancellation fee actually captured, if any.</summary>
    public long FeeCents { get; set; }
    public string Currency { get; set; } = "EUR";
    public string? GatewayReference { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public static class PaymentNames
{
    public static string ToWire(this PaymentMethod method) => method switch
    {
        PaymentMethod.OnCompletion => "on_completion",
        PaymentMethod.Card => "card",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    public static string ToWire(this PaymentStatus status) => status.ToString().ToLowerInvariant();
}
