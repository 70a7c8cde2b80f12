using System.Net;
using System.Net.Http.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;

namespace HomeSer.Tests.Api;

public sealed class LowBookingLimitFactory : BookingsFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("RateLimits:BookingsPerMinute", "2"), new("RateLimits:BookingsGlobalPerSecond", "200")];
}

public sealed class RateLimitTests(LowBookingLimitFactory app) : IClassFixture<LowBookingLimitFactory>
{
    [Fact]
    public async Task Too_many_creations_by_one_customer_are_rate_limited_with_retry_after()
    {
        var cast = await app.CastAsync();
        for (var i = 0; i < 2; i++)
        {
            await (await cast.Customer.PostAsJsonAsync("/api/bookings/bookings/", BookingsFixture.BookingBody(cast, app.NextSlot()))).JsonAsync(HttpStatusCode.Created);
        }
        var before = await app.CountBookingsAsync();

        var limited = await cast.Customer.PostAsJsonAsync("/api/bookings/bookings/", BookingsFixture.BookingBody(cast, app.NextSlot()));

        await limited.ProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.True(limited.Headers.RetryAfter is not null, "Retry-After is set");
        Assert.Equal(before, await app.CountBookingsAsync());

        // The window is per user: another customer still books.
        var other = await app.ClientForAsync((await app.CreateUserAsync(Roles.Customer)).Email!);
        await (await other.PostAsJsonAsync("/api/bookings/bookings/", BookingsFixture.BookingBody(cast, app.NextSlot()))).JsonAsync(HttpStatusCode.Created);
    }
}

public sealed class LowGlobalBookingLimitFactory : BookingsFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("RateLimits:BookingsPerMinute", "1000"), new("RateLimits:BookingsGlobalPerSecond", "1")];
}

public sealed class GlobalRateLimitTests(LowGlobalBookingLimitFactory app) : IClassFixture<LowGlobalBookingLimitFactory>
{
    [Fact]
    public async Task The_global_ceiling_limits_creations_across_customers()
    {
        var cast = await app.CastAsync();
        var statuses = new List<HttpStatusCode>();
        // Three quick requests from two customers cannot all fall in different one-second windows.
        foreach (var client in new[] { cast.Customer, cast.OtherCustomer, cast.Customer })
        {
            var response = await client.PostAsJsonAsync("/api/bookings/bookings/", BookingsFixture.BookingBody(cast, app.NextSlot()));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await response.ProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
            }
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }
}
