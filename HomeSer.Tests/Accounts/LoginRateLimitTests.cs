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

public sealed class LowLoginLimitPageFactory : HomeSerFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("RateLimits:LoginPerMinute", "3")];
}

/// <summary>The sign-in page counts attempts, not views, and a browser past the limit reads an HTML page.</summary>
public sealed class LoginPageRateLimitTests(LowLoginLimitPageFactory factory) : IClassFixture<LowLoginLimitPageFactory>
{
    [Fact]
    public async Task Viewing_the_sign_in_page_does_not_count_against_the_limit_and_a_browser_past_it_reads_an_html_429()
    {
        var user = await factory.CreateUserAsync(Roles.Customer);
        var client = factory.Anonymous();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
        }

        var wrong = new Dictionary<string, string> { ["Input.Email"] = user.Email!, ["Input.Password"] = "Wrong0ne!" };
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await FormPost.SubmitAsync(client, "/Account/Login", wrong)).StatusCode);
        }
        var limited = await FormPost.SubmitAsync(client, "/Account/Login", wrong);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("text/html", limited.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Too many attempts", await limited.Content.ReadAsStringAsync());
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After says when to try again");
    }
}
