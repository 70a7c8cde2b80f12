using System.Security.Cryptography;
using System.Text;

namespace HomeSer.Web.Features.Calendar;

/// <summary>
/// A user's private calendar feed: the token in its URL is the only key (calendar apps cannot send a bearer token). The
/// database holds its SHA-256, to find the feed, and the token itself only encrypted with the app's data-protection keys,
/// so the account page can show the same URL again; a copy of the database alone opens no feed.
/// </summary>
public sealed class CalendarFeed
{
    public int UserId { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the token.</summary>
    public string TokenHash { get; private set; } = "";

    /// <summary>The token, encrypted by the data-protection purpose <see cref="FeedTokens.Purpose"/>.</summary>
    public string ProtectedToken { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public static CalendarFeed Create(int userId, string token, string protectedToken, DateTime now) => new()
    {
        UserId = userId,
        TokenHash = FeedTokens.Hash(token),
        ProtectedToken = protectedToken,
        CreatedAt = now,
    };

    /// <summary>A new token replaces the old one: the old URL stops working at once.</summary>
    public void Rotate(string token, string protectedToken, DateTime now)
    {
        TokenHash = FeedTokens.Hash(token);
        ProtectedToken = protectedToken;
        CreatedAt = now;
    }

    /// <summary>Whether <paramref name="token"/> is this feed's, compared in constant time.</summary>
    public bool Opens(string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(FeedTokens.Hash(token)), Encoding.ASCII.GetBytes(TokenHash));
}

/// <summary>The rules of feed tokens: 32 random bytes in base64url (43 characters), stored as their SHA-256.</summary>
public static class FeedTokens
{
    public const string Purpose = "HomeSer.CalendarFeed.v1";
    public const int Length = 43;

    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));

    /// <summary>Only something shaped like a token is looked up (anything else is unknown without asking the database).</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: Length } && token.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
