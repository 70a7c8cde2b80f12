using System.Net;
using HomeSer.Tests.Api;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;

namespace HomeSer.Tests.Calendar;

public sealed class LowFeedLimitFactory : HomeSerFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("RateLimits:CalendarFeedPerMinute", "3")];
}

/// <summary>The anonymous feed is rate-limited per client address, so guessing tokens is too.</summary>
public sealed class CalendarFeedRateLimitTests(LowFeedLimitFactory app) : IClassFixture<LowFeedLimitFactory>
{
    [Fact]
    public async Task Requests_past_the_limit_answer_429_with_retry_after_known_token_or_not()
    {
        var owner = await app.ClientForAsync((await app.CreateUserAsync(Roles.Customer)).Email!);
        var url = (await (await owner.GetAsync("/api/auth/me/calendar-feed/")).JsonAsync(HttpStatusCode.OK)).GetProperty("url").GetString()!;
        var anonymous = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri(url).AbsolutePath)).StatusCode);
        await (await anonymous.GetAsync("/calendar/guess-one.ics")).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await anonymous.GetAsync("/calendar/guess-two.ics")).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");

        var limited = await anonymous.GetAsync(new Uri(url).AbsolutePath);
        await limited.ProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.NotNull(limited.Headers.RetryAfter);
        // Signed-in routes are not counted against the feed's limit.
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/api/auth/me/calendar-feed/")).StatusCode);
    }
}
