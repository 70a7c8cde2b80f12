namespace HomeSer.Web.Features.Payments;

public enum PaymentMethod { OnCompletion, Card }

public enum PaymentStatus { Pending, Authorized, Captured, Voided, Failed }

/// <summary>The money side of one booking, in minor units. Its status moves only through its methods.</summary>
public sealed class Payment
{
    public int Id { get; set; }
    public int BookingId { get; set; }
    public PaymentMethod Method { get; private set; }
    public PaymentStatus Status { get; private set; }
    public long AmountCents { get; private set; }
    /// <summary>A late-cancellation fee actually captured, if any.</summary>
    public long FeeCents { get; private set; }
    public string Currency { get; private set; } = "EUR";
    public string? GatewayReference { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    /// <summary>Pay on completion: nothing is taken until the job is done.</summary>
    public static Payment OnCompletion(long amountCents, string currency, DateTime now) =>
        new() { Method = PaymentMethod.OnCompletion, Status = PaymentStatus.Pending, AmountCents = amountCents, Currency = currency, CreatedAt = now, UpdatedAt = now };

    /// <summary>A card payment whose amount the gateway has already authorized (held).</summary>
    public static Payment AuthorizedCard(long amountCents, string currency, string gatewayReference, DateTime now) =>
        new() { Method = PaymentMethod.Card, Status = PaymentStatus.Authorized, AmountCents = amountCents, Currency = currency, GatewayReference = gatewayReference, CreatedAt = now, UpdatedAt = now };

    public bool IsAuthorizedCard => Method == PaymentMethod.Card && Status == PaymentStatus.Authorized && GatewayReference is not null;

    /// <summary>The job's price was collected (card captured, or paid on completion).</summary>
    public void MarkCaptured(long amountCents, DateTime now)
    {
        AmountCents = amountCents;
        Status = PaymentStatus.Captured;
        UpdatedAt = now;
    }

    /// <summary>Only a late-cancellation fee was collected.</summary>
    public void MarkFeeCaptured(long feeCents, DateTime now)
    {
        FeeCents = feeCents;
        Status = PaymentStatus.Captured;
        UpdatedAt = now;
    }

    /// <summary>Nothing will be collected: the hold is released or there was none.</summary>
    public void MarkVoided(DateTime now)
    {
        Status = PaymentStatus.Voided;
        UpdatedAt = now;
    }

    public void MarkFailed(DateTime now)
    {
        Status = PaymentStatus.Failed;
        UpdatedAt = now;
    }

    /// <summary>The processor now holds <paramref name="amountCents"/> on the card (a higher price was re-authorized).</summary>
    public void Reauthorized(long amountCents, DateTime now)
    {
        if (IsAuthorizedCard)
        {
            AmountCents = amountCents;
            UpdatedAt = now;
        }
    }

    /// <summary>The price changed with the duration; a pay-on-completion amount follows it.</summary>
    public void Reprice(long amountCents, DateTime now)
    {
        if (Status == PaymentStatus.Pending)
        {
            AmountCents = amountCents;
            UpdatedAt = now;
        }
    }
}

public static class PaymentNames
{
    public static string ToWire(this PaymentMethod method) => method switch
    {
        PaymentMethod.OnCompletion => "on_completion",
        PaymentMethod.Card => "card",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    public static bool TryParseMethod(string? wire, out PaymentMethod method)
    {
        switch (wire?.Trim().ToLowerInvariant())
        {
            case null or "" or "on_completion":
                method = PaymentMethod.OnCompletion;
                return true;
            case "card":
                method = PaymentMethod.Card;
                return true;
            default:
                method = default;
                return false;
        }
    }

    public static string ToWire(this PaymentStatus status) => status.ToString().ToLowerInvariant();
}
