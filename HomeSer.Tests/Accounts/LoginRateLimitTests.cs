using System.Net;
using System.Net.Http.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;

namespace HomeSer.Tests.Accounts;

public sealed class LowLoginLimitFactory : HomeSerFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("RateLimits:LoginPerMinute", "3")];
}

/// <summary>Guessing passwords is slowed down: after the configured attempts per minute, sign-in answers 429.</summary>
public sealed class LoginRateLimitTests(LowLoginLimitFactory factory) : IClassFixture<LowLoginLimitFactory>
{
    [Fact]
    public async Task The_api_login_after_the_limit_is_429_rate_limited_with_retry_after()
    {
        var user = await factory.CreateUserAsync(Roles.Customer);
        var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            var allowed = await client.PostAsJsonAsync("/api/auth/login/", new { email = user.Email, password = "Wrong0ne!" });
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        var limited = await client.PostAsJsonAsync("/api/auth/login/", new { email = user.Email, password = TestData.Password });

        await AuthApiTests.AssertProblemAsync(limited, HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After says when to try again");
    }
}
