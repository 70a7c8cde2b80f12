using HomeSer.Tests.Support;

namespace HomeSer.Tests.Pages;

/// <summary>The app for page tests: every test signs in through the login page, so the login rate limit is lifted.</summary>
public sealed class PagesFactory : HomeSerFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("RateLimits:LoginPerMinute", "1000")];
}
