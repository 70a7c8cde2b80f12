using System.ComponentModel.DataAnnotations;
using System.Collections.Concurrent;
using HomeSer.Web.Infrastructure;

namespace HomeSer.Web.Features.Payments;

/// <summary>Card details as the browser's hosted fields send them to the gateway (never to HomeSer's booking handler).</summary>
public sealed record CardDetailsRequest(
    [property: Required(ErrorMessage = TestCardNumberAttribute.MissingMessage), TestCardNumber] string? Number,
    [property: Required(ErrorMessage = CardExpiryAttribute.FormatMessage), CardExpiry] string? Expiry,
    [property: Required(ErrorMessage = CardDetailsRequest.CvcMessage), RegularExpression("^\\s*[0-9]{3,4}\\s*$", ErrorMessage = CardDetailsRequest.CvcMessage)] string? Cvc)
{
    private const string CvcMessage = "Enter the 3 or 4 digits of the security code (CVC).";
}

/// <summary>A card number that reads (12 to 19 digits, spaces and dashes allowed, Luhn) and is one of the test cards.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class TestCardNumberAttribute : ValidationAttribute
{
    public const string MissingMessage = "Enter the card number.";

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not string text)
        {
            return ValidationResult.Success;
        }
        var digits = TestCardTokens.Digits(text);
        var message = digits switch
        {
            { Length: 0 } => MissingMessage,
            _ when digits.Length is < 12 or > 19 || !digits.All(char.IsAsciiDigit) || !TestCardTokens.PassesLuhn(digits) => "The card number is not valid; check the digits.",
            not (TestCardTokens.ApprovedNumber or TestCardTokens.DeclinedNumber) => "Test mode takes only test cards: use 4242 4242 4242 4242.",
            _ => null,
        };
        return message is null ? ValidationResult.Success : new ValidationResult(message, validationContext.MemberName is { } member ? [member] : null);
    }
}

/// <summary>An expiry "MM/YY", "MM / YY" or "MM/YYYY" of a month that has not ended (by the app's clock).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class CardExpiryAttribute : ValidationAttribute
{
    public const string FormatMessage = "Enter the expiry date as MM / YY.";

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not string text)
        {
            return ValidationResult.Success;
        }
        var members = validationContext.MemberName is { } member ? new[] { member } : null;
        var (month, year) = TestCardTokens.ParseExpiry(text);
        if (month == 0)
        {
            return new ValidationResult(FormatMessage, members);
        }
        var clock = validationContext.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System;
        return new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1) <= clock.GetUtcNow().UtcDateTime
            ? new ValidationResult("The card has expired.", members)
            : ValidationResult.Success;
    }
}

public sealed record CardSummary(string Brand, string Last4, int ExpMonth, int ExpYear);

/// <summary>A single card turned into a token; only <see cref="Id"/> travels on to the booking.</summary>
public sealed record CardTokenView(string Id, CardSummary Card);

/// <summary>
/// The test gateway's tokenizer, as a processor's hosted fields use: the browser sends the card here and posts only the
/// token to the booking form. Test numbers: 4242 4242 4242 4242 approves, 4000 0000 0000 0002 declines at payment.
/// Tokens live in this process for <see cref="Lifetime"/>, like the test gateway's charges.
/// </summary>
public sealed class TestCardTokens(TimeProvider clock)
{
    public const string ApprovedNumber = "4242424242424242";
    public const string DeclinedNumber = "4000000000000002";
    public const string Prefix = "tok_card_";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    // A public endpoint fills this map; the cap keeps a flood from growing it without bound.
    private const int MaxLiveTokens = 10_000;

    private readonly ConcurrentDictionary<string, (string Behaviour, DateTime ExpiresAt)> _tokens = new(StringComparer.Ordinal);

    /// <summary>A token for a card whose details passed <see cref="CardDetailsRequest"/>'s rules.</summary>
    public Result<CardTokenView> Issue(CardDetailsRequest card)
    {
        var digits = Digits(card.Number!);
        var (month, year) = ParseExpiry(card.Expiry);
        var now = clock.GetUtcNow().UtcDateTime;
        if (_tokens.Count >= MaxLiveTokens)
        {
            foreach (var stale in _tokens.Where(t => t.Value.ExpiresAt <= now).Select(t => t.Key).ToList())
            {
                _tokens.TryRemove(stale, out _);
            }
            if (_tokens.Count >= MaxLiveTokens)
            {
                return new DomainError(ErrorKind.RateLimited, "The test gateway is busy; try again in a few minutes.");
            }
        }

        var token = Prefix + Guid.NewGuid().ToString("N");
        _tokens[token] = (digits == DeclinedNumber ? TestPaymentGateway.Declined : TestPaymentGateway.Visa, now + Lifetime);
        return new CardTokenView(token, new CardSummary("visa", digits[^4..], month, year));
    }

    /// <summary>The test behaviour (<c>tok_visa</c>, <c>tok_declined</c>) of an issued token that has not expired, else null.</summary>
    public string? Resolve(string token) =>
        _tokens.TryGetValue(token, out var issued) && issued.ExpiresAt > clock.GetUtcNow().UtcDateTime ? issued.Behaviour : null;

    internal static string Digits(string number) => new(number.Where(c => c is not (' ' or '-')).ToArray());

    internal static bool PassesLuhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    // "MM/YY", "MM / YY" or "MM/YYYY"; (0, 0) when it is none of them.
    internal static (int Month, int Year) ParseExpiry(string? expiry)
    {
        var parts = (expiry ?? "").Split('/', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !int.TryParse(parts[0], out var month) || month is < 1 or > 12
            || !int.TryParse(parts[1], out var year) || parts[1].Length is not (2 or 4))
        {
            return (0, 0);
        }
        year = parts[1].Length == 2 ? 2000 + year : year;
        return year is >= 2000 and <= 2199 ? (month, year) : (0, 0);
    }
}
