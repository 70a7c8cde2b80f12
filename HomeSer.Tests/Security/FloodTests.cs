using System.Net;
using System.Net.Http.Json;
using HomeSer.Tests.Api;
using HomeSer.Tests.Support;
using HomeSer.Web.Infrastructure;
using static HomeSer.Tests.Bookings.BookingKit;

namespace HomeSer.Tests.Security;

public sealed class LowFloodLimitsFactory : HomeSerFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("RateLimits:RegistrationsPerHour", "3"), new("Bookings:MaxPendingPerCustomer", "2")];
}

/// <summary>One address cannot mint accounts without end, and one customer cannot hold calendars with unconfirmed bookings.</summary>
public sealed class FloodTests(LowFloodLimitsFactory factory) : IClassFixture<LowFloodLimitsFactory>
{
    [Fact]
    public async Task Registrations_past_the_hourly_limit_from_one_address_are_429()
    {
        var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            var allowed = await client.PostAsJsonAsync("/api/auth/register/", new { email = TestData.UniqueEmail("flood"), password = "Passw0rd!", role = "customer", display_name = "Flood" });
            Assert.Equal(HttpStatusCode.Accepted, allowed.StatusCode);
        }

        var refused = await client.PostAsJsonAsync("/api/auth/register/", new { email = TestData.UniqueEmail("flood"), password = "Passw0rd!", role = "customer", display_name = "Flood" });

        await refused.ProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After says when to try again");
    }

    [Fact]
    public async Task A_customer_past_the_pending_cap_is_refused_until_one_is_confirmed()
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.NewCustomerAsync();
        var first = await factory.BookedAsync(customer, Command(provider, factory.BerlinStart(2, 9)));
        await factory.BookedAsync(customer, Command(provider, factory.BerlinStart(2, 11)));

        var third = await factory.BookAsync(customer, Command(provider, factory.BerlinStart(2, 13)));

        third.Failed(ErrorKind.PendingLimit);
        (await factory.CallAsync(s => s.ConfirmAsync(AsProvider(provider), first.Id, default))).Ok();
        Assert.True((await factory.BookAsync(customer, Command(provider, factory.BerlinStart(2, 13)))).IsSuccess, "a confirmed booking frees room under the cap");
    }

    [Fact]
    public async Task The_pending_cap_answers_429_with_its_own_code_over_http()
    {
        var provider = await factory.CreateProviderAsync();
        var user = await factory.CreateUserAsync(HomeSer.Web.Features.Accounts.Roles.Customer);
        var client = await factory.ClientForAsync(user.Email!);
        var customer = AsCustomer(user);
        await factory.BookedAsync(customer, Command(provider, factory.BerlinStart(3, 9)));
        await factory.BookedAsync(customer, Command(provider, factory.BerlinStart(3, 11)));

        var response = await client.PostAsJsonAsync("/api/bookings/bookings/", new { service = provider.Service.Id, provider = provider.Profile.Id, start_time = factory.BerlinStart(3, 13) });

        await response.ProblemAsync(HttpStatusCode.TooManyRequests, "PENDING_BOOKINGS_LIMIT");
    }
}
