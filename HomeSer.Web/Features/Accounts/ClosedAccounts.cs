using System.Linq.Expressions;

namespace HomeSer.Web.Features.Accounts;

/// <summary>
/// How a closed account is recognised. Closing gives it a placeholder address in the reserved <c>.invalid</c> domain,
/// which no real person can have, so the mark needs no column of its own.
/// </summary>
public static class ClosedAccounts
{
    public const string EmailDomain = "deleted.invalid";

    /// <summary>What others see in place of a closed customer's name beside the rating they left.</summary>
    public const string FormerCustomerName = "Former customer";

    public static string PlaceholderEmail(int userId) => $"deleted-{userId}@{EmailDomain}";

    public static readonly Expression<Func<AppUser, bool>> IsClosed =
        u => u.NormalizedEmail != null && u.NormalizedEmail.EndsWith("@DELETED.INVALID");

    public static bool IsClosedEmail(string? email) =>
        email is not null && email.EndsWith("@" + EmailDomain, StringComparison.OrdinalIgnoreCase);

    /// <summary>The name shown beside a review: the customer's, or "Former customer" once they closed their account.</summary>
    public static string ReviewerName(string displayName, string? email) => IsClosedEmail(email) ? FormerCustomerName : displayName;
}
