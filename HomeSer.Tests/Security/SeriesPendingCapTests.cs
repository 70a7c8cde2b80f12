using System.Net;
using System.Net.Http.Json;
using HomeSer.Tests.Api;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;

namespace HomeSer.Tests.Security;

public sealed class TwoPendingFactory : HomeSerFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Bookings:MaxPendingPerCustomer", "2")];
}

/// <summary>The pending cap counts a recurring series as one request, for series and single creates alike.</summary>
public sealed class SeriesPendingCapTests(TwoPendingFactory app) : IClassFixture<TwoPendingFactory>
{
    [Fact]
    public async Task A_series_counts_once_toward_the_pending_cap()
    {
        var provider = await app.CreateProviderAsync(maxAdvanceDays: 365);
        var customer = await app.ClientForAsync((await app.CreateUserAsync(Roles.Customer)).Email!);
        object Single(string start) => new { service = provider.Service.Id, provider = provider.Profile.Id, start_time = start };

        await (await customer.PostAsJsonAsync("/api/bookings/series/", new
        {
            service = provider.Service.Id,
            provider = provider.Profile.Id,
            start_time = "2030-02-05T09:00:00Z",
            recurrence = new { frequency = "weekly", count = 6 },
        })).JsonAsync(HttpStatusCode.Created);
        await (await customer.PostAsJsonAsync("/api/bookings/bookings/", Single("2030-02-06T09:00:00Z"))).JsonAsync(HttpStatusCode.Created);
        var third = await customer.PostAsJsonAsync("/api/bookings/bookings/", Single("2030-02-07T09:00:00Z"));

        await third.ProblemAsync(HttpStatusCode.TooManyRequests, "PENDING_BOOKINGS_LIMIT");
    }
}
