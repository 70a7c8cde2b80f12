using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Catalog;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Tests.Search;

/// <summary>The ranking's reliability counters move with the bookings, one status change at a time.</summary>
public sealed class ProviderStatsTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    private static readonly DateTime Tuesday = new(2030, 1, 8, 8, 0, 0, DateTimeKind.Utc);

    private async Task<int> BookAsync(HttpClient customer, TestData.ProviderSetup provider, int hour)
    {
        var response = await customer.PostAsJsonAsync("/api/bookings/bookings/",
            new { service = provider.Service.Id, provider = provider.Profile.Id, start_time = Tuesday.AddHours(hour) });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private static async Task MoveAsync(HttpClient client, int booking, string verb, object? body = null)
    {
        var response = await client.PostAsJsonAsync($"/api/bookings/bookings/{booking}/{verb}/", body ?? new { });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{verb}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private Task<ProviderProfile> ProfileAsync(int id) => factory.WithDbAsync(db => db.Providers.AsNoTracking().SingleAsync(p => p.Id == id));

    [Fact]
    public async Task Confirm_complete_no_show_and_provider_cancellation_each_count_once()
    {
        var provider = await factory.CreateProviderAsync();
        var customerUser = await factory.CreateUserAsync(Roles.Customer);
        var customer = await factory.ClientForAsync(customerUser.Email!);
        var providerClient = await factory.ClientForAsync(provider.User.Email!);
        var done = await BookAsync(customer, provider, 1);
        var absent = await BookAsync(customer, provider, 3);
        var dropped = await BookAsync(customer, provider, 5);
        var byCustomer = await BookAsync(customer, provider, 7);

        factory.Clock.Advance(TimeSpan.FromMinutes(30));
        await MoveAsync(providerClient, done, "confirm");
        await MoveAsync(providerClient, absent, "confirm");
        var confirmed = await ProfileAsync(provider.Profile.Id);

        await MoveAsync(providerClient, dropped, "cancel", new { reason = "van broke down" });
        await MoveAsync(customer, byCustomer, "cancel", new { reason = "plans changed" });
        factory.Clock.Advance(TimeSpan.FromHours(30));
        providerClient = await factory.ClientForAsync(provider.User.Email!);
        await MoveAsync(providerClient, done, "start");
        await MoveAsync(providerClient, done, "complete");
        await MoveAsync(providerClient, absent, "no-show");
        var after = await ProfileAsync(provider.Profile.Id);

        Assert.Equal((2, 60L), (confirmed.ConfirmedCount, confirmed.TotalConfirmMinutes));
        Assert.Equal((1, 1, 1), (after.CompletedCount, after.NoShowCount, after.ProviderCancelledCount));
        Assert.Equal((2, 60L), (after.ConfirmedCount, after.TotalConfirmMinutes));
    }
}
