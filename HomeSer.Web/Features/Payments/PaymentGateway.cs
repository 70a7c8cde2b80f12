using System.Collections.Concurrent;

namespace HomeSer.Web.Features.Payments;

public enum GatewayOutcome { Succeeded, Declined, TransientFailure }

/// <summary>What the processor said; Reference identifies the authorization for later capture or void.</summary>
public sealed record GatewayResult(GatewayOutcome Outcome, string? Reference = null, string? Message = null)
{
    public bool Succeeded => Outcome == GatewayOutcome.Succeeded;
}

/// <summary>
/// A card processor. <paramref name="operationKey"/> style keys make retries safe: the same key repeated is the same
/// operation to the processor, as with real processors' idempotency keys.
/// </summary>
public interface IPaymentGateway
{
    /// <summary>Whether the token has a shape this processor accepts at all (a bad token is a validation error, not a decline).</summary>
    bool AcceptsToken(string token);

    Task<GatewayResult> AuthorizeAsync(string token, long amountCents, string currency, string operationKey, CancellationToken ct);

    /// <summary>Raises an authorization's hold to <paramref name="totalCents"/> (an incremental authorization on the same card).</summary>
    Task<GatewayResult> IncreaseAuthorizationAsync(string reference, long totalCents, string operationKey, CancellationToken ct);

    Task<GatewayResult> CaptureAsync(string reference, long amountCents, string operationKey, CancellationToken ct);

    Task<GatewayResult> VoidAsync(string reference, string operationKey, CancellationToken ct);
}

/// <summary>
/// Built-in processor in test mode: <c>tok_visa</c> succeeds, <c>tok_declined</c> is declined, <c>tok_transient</c>
/// fails transiently on the first try of each operation and succeeds on the retry, <c>tok_low_limit</c> approves at most
/// <see cref="LowLimitCents"/> in total (so raising a hold past it is declined); a token issued for a test card by
/// <see cref="TestCardTokens"/> behaves as its card does; any other token is rejected.
/// </summary>
public sealed class TestPaymentGateway(TestCardTokens cards) : IPaymentGateway
{
    public const string Visa = "tok_visa";
    public const string Declined = "tok_declined";
    public const string Transient = "tok_transient";
    public const string LowLimit = "tok_low_limit";
    public const long LowLimitCents = 15000;

    private readonly ConcurrentDictionary<string, TestCharge> _charges = new();
    private readonly ConcurrentDictionary<string, int> _attempts = new();
    private int _authorizeCalls;

    /// <summary>Every authorization made, by reference (what a processor's dashboard would show).</summary>
    public IReadOnlyCollection<TestCharge> Charges => _charges.Values.ToList();

    public int AuthorizeCalls => Volatile.Read(ref _authorizeCalls);

    public TestCharge? Find(string? reference) => reference is not null && _charges.TryGetValue(reference, out var charge) ? charge : null;

    public bool AcceptsToken(string token) => token is Visa or Declined or Transient or LowLimit || cards.Resolve(token) is not null;

    public Task<GatewayResult> AuthorizeAsync(string token, long amountCents, string currency, string operationKey, CancellationToken ct)
    {
        token = token.StartsWith(TestCardTokens.Prefix, StringComparison.Ordinal) ? cards.Resolve(token) ?? token : token;
        Interlocked.Increment(ref _authorizeCalls);
        var attempt = _attempts.AddOrUpdate(operationKey, 1, (_, n) => n + 1);
        GatewayResult result = token switch
        {
            Visa => Authorized(token, amountCents, currency, operationKey),
            Transient when attempt == 1 => new GatewayResult(GatewayOutcome.TransientFailure, Message: "Processor timeout."),
            Transient => Authorized(token, amountCents, currency, operationKey),
            LowLimit when amountCents <= LowLimitCents => Authorized(token, amountCents, currency, operationKey),
            LowLimit => new GatewayResult(GatewayOutcome.Declined, Message: "The amount is over the card's limit."),
            Declined => new GatewayResult(GatewayOutcome.Declined, Message: "Your card was declined."),
            _ => new GatewayResult(GatewayOutcome.Declined, Message: "Unknown card token."),
        };
        return Task.FromResult(result);
    }

    public Task<GatewayResult> IncreaseAuthorizationAsync(string reference, long totalCents, string operationKey, CancellationToken ct)
    {
        if (!_charges.TryGetValue(reference, out var charge) || charge.State != TestChargeState.Authorized)
        {
            return Task.FromResult(new GatewayResult(GatewayOutcome.Declined, reference, "Nothing to increase."));
        }
        if (charge.Token == Declined || (charge.Token == LowLimit && totalCents > LowLimitCents))
        {
            return Task.FromResult(new GatewayResult(GatewayOutcome.Declined, reference, "The amount is over the card's limit."));
        }
        charge.AuthorizedCents = Math.Max(charge.AuthorizedCents, totalCents);
        return Task.FromResult(new GatewayResult(GatewayOutcome.Succeeded, reference));
    }

    public Task<GatewayResult> CaptureAsync(string reference, long amountCents, string operationKey, CancellationToken ct)
    {
        if (!_charges.TryGetValue(reference, out var charge) || charge.State == TestChargeState.Voided || amountCents > charge.AuthorizedCents)
        {
            return Task.FromResult(new GatewayResult(GatewayOutcome.Declined, reference, "Nothing to capture."));
        }

        charge.State = TestChargeState.Captured;
        charge.CapturedCents = amountCents;
        return Task.FromResult(new GatewayResult(GatewayOutcome.Succeeded, reference));
    }

    public Task<GatewayResult> VoidAsync(string reference, string operationKey, CancellationToken ct)
    {
        if (!_charges.TryGetValue(reference, out var charge) || charge.State == TestChargeState.Captured)
        {
            return Task.FromResult(new GatewayResult(GatewayOutcome.Declined, reference, "Nothing to void."));
        }

        charge.State = TestChargeState.Voided;
        return Task.FromResult(new GatewayResult(GatewayOutcome.Succeeded, reference));
    }

    private GatewayResult Authorized(string token, long amountCents, string currency, string operationKey)
    {
        // The same operation key is the same authorization, so a retried call never holds money twice.
        var charge = _charges.GetOrAdd("auth_" + operationKey, reference => new TestCharge(reference, token, amountCents, currency));
        return new GatewayResult(GatewayOutcome.Succeeded, charge.Reference);
    }
}

public enum TestChargeState { Authorized, Captured, Voided }

public sealed class TestCharge(string reference, string token, long authorizedCents, string currency)
{
    public string Reference { get; } = reference;
    public string Token { get; } = token;
    public long AuthorizedCents { get; set; } = authorizedCents;
    public string Currency { get; } = currency;
    public TestChargeState State { get; set; } = TestChargeState.Authorized;
    public long CapturedCents { get; set; }
}
