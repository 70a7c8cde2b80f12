using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;

namespace HomeSer.Tests.Scheduling;

/// <summary>The cached calendar through the real app: every change to a provider's time shows at once, never after a TTL.</summary>
public sealed class AvailabilityCacheTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    private const string Tuesday = "2030-01-08";
    private const string Schedule = "/api/providers/me/schedule/";

    private async Task<(TestData.ProviderSetup Provider, HttpClient Customer)> ArrangeAsync()
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.CreateUserAsync(Roles.Customer);
        return (provider, await factory.ClientForAsync(customer.Email!));
    }

    private static async Task<List<DateTime>> SlotsAsync(HttpClient client, int providerId, string date = Tuesday, int days = 1)
    {
        var response = await client.GetAsync($"/api/bookings/availabilities/?provider={providerId}&date={date}&days={days}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("start_time").GetDateTime().ToUniversalTime()).ToList();
    }

    /// <summary>Reads the calendar twice, so the second answer (and the assertion after the change) is a cache hit if stale.</summary>
    private static async Task<List<DateTime>> WarmAsync(HttpClient client, int providerId, string date = Tuesday, int days = 1)
    {
        var first = await SlotsAsync(client, providerId, date, days);
        Assert.Equal(first, await SlotsAsync(client, providerId, date, days));
        return first;
    }

    [Fact]
    public async Task A_booked_slot_disappears_from_the_cached_calendar()
    {
        var (provider, customer) = await ArrangeAsync();
        var before = await WarmAsync(customer, provider.Profile.Id);
        var month = await WarmAsync(customer, provider.Profile.Id, Tuesday, 31);
        var start = before[4];

        var booked = await customer.PostAsJsonAsync("/api/bookings/bookings/",
            new { service = provider.Service.Id, provider = provider.Profile.Id, start_time = start });

        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        Assert.DoesNotContain(start, await SlotsAsync(customer, provider.Profile.Id));
        Assert.DoesNotContain(start, await SlotsAsync(customer, provider.Profile.Id, Tuesday, 31));
        Assert.Contains(start, month);
    }

    [Fact]
    public async Task A_cancelled_booking_frees_its_slot_in_the_cached_calendar()
    {
        var (provider, customer) = await ArrangeAsync();
        var start = (await WarmAsync(customer, provider.Profile.Id))[2];
        var booked = await (await customer.PostAsJsonAsync("/api/bookings/bookings/",
            new { service = provider.Service.Id, provider = provider.Profile.Id, start_time = start })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.DoesNotContain(start, await WarmAsync(customer, provider.Profile.Id));

        var cancelled = await customer.PostAsJsonAsync($"/api/bookings/bookings/{booked.GetProperty("id").GetInt32()}/cancel/", new { reason = "plans changed" });

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Contains(start, await SlotsAsync(customer, provider.Profile.Id));
    }

    [Fact]
    public async Task Time_off_removes_its_slots_from_the_cached_calendar()
    {
        var (provider, customer) = await ArrangeAsync();
        var providerClient = await factory.ClientForAsync(provider.User.Email!);
        Assert.NotEmpty(await WarmAsync(customer, provider.Profile.Id));

        var created = await providerClient.PostAsJsonAsync("/api/providers/me/time-off/", new
        {
            start_time = new DateTime(2030, 1, 8, 0, 0, 0, DateTimeKind.Utc),
            end_time = new DateTime(2030, 1, 9, 0, 0, 0, DateTimeKind.Utc),
            reason = "dentist",
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Empty(await SlotsAsync(customer, provider.Profile.Id));
    }

    [Fact]
    public async Task A_schedule_change_shows_in_the_cached_calendar()
    {
        var (provider, customer) = await ArrangeAsync();
        var providerClient = await factory.ClientForAsync(provider.User.Email!);
        Assert.NotEmpty(await WarmAsync(customer, provider.Profile.Id));

        var saved = await providerClient.PutAsJsonAsync(Schedule, new
        {
            timezone = "Europe/Berlin",
            weekly_hours = new[] { new { day = "monday", start = "08:00", end = "18:00" } },
        });

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Empty(await SlotsAsync(customer, provider.Profile.Id));
    }

    [Fact]
    public async Task The_booking_window_moves_with_the_clock_on_a_warm_calendar()
    {
        var (provider, customer) = await ArrangeAsync();
        var monday = AvailabilityToday();
        var before = await WarmAsync(customer, provider.Profile.Id, monday);

        factory.Clock.Advance(TimeSpan.FromMinutes(45));
        var later = await SlotsAsync(customer, provider.Profile.Id, monday);

        // Minimum notice is 60 minutes: the cached day is the same, but what it offers follows "now".
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        Assert.Equal(before.Where(s => s >= now.AddMinutes(60)), later);
        Assert.True(later.Count < before.Count);
    }

    private string AvailabilityToday() => DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
