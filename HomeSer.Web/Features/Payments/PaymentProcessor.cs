using HomeSer.Web.Infrastructure;

namespace HomeSer.Web.Features.Payments;

/// <summary>Payment rules from configuration section <c>Payments</c>.</summary>
public sealed class PaymentOptions
{
    /// <summary>A customer cancelling a card booking less than this many hours before its start pays the fee.</summary>
    public int LateCancellationHours { get; set; } = 24;

    /// <summary>Percent of the price captured on a late cancellation; 0 = no fee.</summary>
    public int LateCancellationFeePercent { get; set; }
}

/// <summary>Talks to the gateway for bookings: retries transient failures (up to 3 retries) under one operation key.</summary>
public sealed class PaymentProcessor(IPaymentGateway gateway, ILogger<PaymentProcessor> logger)
{
    public const int TransientRetries = 3;

    public bool AcceptsToken(string token) => gateway.AcceptsToken(token);

    /// <summary>Holds the amount on the card; a decline (or a processor that stays unavailable) is PAYMENT_FAILED.</summary>
    public async Task<Result<string>> AuthorizeAsync(string token, long amountCents, string currency, CancellationToken ct)
    {
        var result = await WithRetriesAsync(key => gateway.AuthorizeAsync(token, amountCents, currency, key, ct), ct);
        return result.Succeeded && result.Reference is not null
            ? result.Reference
            : new DomainError(ErrorKind.PaymentFailed, result.Outcome == GatewayOutcome.Declined
                ? $"The payment was declined: {result.Message}"
                : "The payment processor is unavailable; no booking was made. Please try again.");
    }

    /// <summary>
    /// Raises a card hold to a new total; a decline is PAYMENT_FAILED. The operation key is the reference and the total,
    /// so a calendar transaction that retries asks the processor for the same increase, not a second one.
    /// </summary>
    public async Task<DomainError?> IncreaseAuthorizationAsync(string reference, long totalCents, CancellationToken ct)
    {
        var result = await WithRetriesAsync(_ => gateway.IncreaseAuthorizationAsync(reference, totalCents, $"increase_{reference}_{totalCents}", ct), ct);
        return result.Succeeded
            ? null
            : new DomainError(ErrorKind.PaymentFailed, result.Outcome == GatewayOutcome.Declined
                ? $"The card did not accept the higher price: {result.Message} The booking was not changed."
                : "The payment processor is unavailable; the booking was not changed. Please try again.");
    }

    public Task<GatewayResult> CaptureAsync(string reference, long amountCents, CancellationToken ct) =>
        WithRetriesAsync(key => gateway.CaptureAsync(reference, amountCents, key, ct), ct);

    /// <summary>Releases a hold; failures are logged, since the hold expires at the processor anyway.</summary>
    public async Task VoidAsync(string reference, CancellationToken ct)
    {
        var result = await WithRetriesAsync(key => gateway.VoidAsync(reference, key, ct), ct);
        if (!result.Succeeded)
        {
            logger.LogWarning("Voiding authorization {Reference} failed: {Outcome} {Message}", reference, result.Outcome, result.Message);
        }
    }

    private static async Task<GatewayResult> WithRetriesAsync(Func<string, Task<GatewayResult>> call, CancellationToken ct)
    {
        var operationKey = Guid.NewGuid().ToString("N");
        var result = await call(operationKey);
        for (var retry = 1; retry <= TransientRetries && result.Outcome == GatewayOutcome.TransientFailure; retry++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20 * retry), ct);
            result = await call(operationKey);
        }
        return result;
    }

    /// <summary>Price for a duration: pro rata of the service's default duration, rounded half up to the cent.</summary>
    public static long ProRata(long priceCents, int durationMinutes, int defaultDurationMinutes) =>
        defaultDurationMinutes <= 0 || durationMinutes == defaultDurationMinutes
            ? priceCents
            : (priceCents * durationMinutes * 2 + defaultDurationMinutes) / (2L * defaultDurationMinutes);

    /// <summary>A percentage of an amount, rounded half up to the cent.</summary>
    public static long Percent(long amountCents, int percent) => (amountCents * percent * 2 + 100) / 200;
}
