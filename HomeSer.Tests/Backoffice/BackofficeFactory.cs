using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeSer.Tests.Support;

namespace HomeSer.Tests.Backoffice;

/// <summary>The app for back-office page tests, which book freely.</summary>
public sealed class BackofficeFactory : HomeSerFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("RateLimits:BookingsPerMinute", "100000")];

    /// <summary>A pending booking of the provider's service by a new customer, on Tuesday 2030-01-08 at the given UTC hour.</summary>
    public async Task<int> BookAsync(TestData.ProviderSetup provider, int utcHour = 9, string date = "2030-01-08")
    {
        var customer = await this.CreateUserAsync(HomeSer.Web.Features.Accounts.Roles.Customer);
        var api = await this.ClientForAsync(customer.Email!);
        var response = await api.PostAsJsonAsync("/api/bookings/bookings/", new
        {
            service = provider.Service.Id,
            provider = provider.Profile.Id,
            start_time = $"{date}T{utcHour:00}:00:00Z",
            duration = 60,
        });
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Booking answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }
}
