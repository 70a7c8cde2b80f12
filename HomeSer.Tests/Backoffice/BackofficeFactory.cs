using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeSer.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HomeSer.Tests.Backoffice;

/// <summary>The app for page tests that sign in many times and book freely.</summary>
public sealed class BackofficeFactory : HomeSerFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("RateLimits:LoginPerMinute", "100000"), new("RateLimits:BookingsPerMinute", "100000")];

    /// <summary>A browser-like client (cookies kept, redirects not followed) signed in through the login form.</summary>
    public async Task<HttpClient> SignInAsync(string email)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await FormPost.SubmitAsync(client, "/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = TestData.Password });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {email} answered {(int)response.StatusCode}.");
        }
        return client;
    }

    /// <summary>A pending booking of the provider's service by a new customer, on Tuesday 2030-01-08 at the given UTC hour.</summary>
    public async Task<int> BookAsync(TestData.ProviderSetup provider, int utcHour = 9)
    {
        var customer = await this.CreateUserAsync(HomeSer.Web.Features.Accounts.Roles.Customer);
        var api = await this.ClientForAsync(customer.Email!);
        var response = await api.PostAsJsonAsync("/api/bookings/bookings/", new
        {
            service = provider.Service.Id,
            provider = provider.Profile.Id,
            start_time = $"2030-01-08T{utcHour:00}:00:00Z",
            duration = 60,
        });
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Booking answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }
}
