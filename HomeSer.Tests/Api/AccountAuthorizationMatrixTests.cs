using System.Net.Http.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;

namespace HomeSer.Tests.Api;

/// <summary>
/// Who may call the routes outside the booking lifecycle: the caller's own account, notifications, calendar files and the
/// provider's self-service. "Me" routes act on the caller, so the other customer or provider gets what any of that role
/// gets; a route naming another user's row (a time-off span, a service, a notification, a booking file) answers 404 to
/// everyone but its owner (and the booking's parties and admins for a booking file), so ids reveal nothing.
/// </summary>
public sealed class AccountAuthorizationMatrixTests(BookingsFixture app) : IClassFixture<BookingsFixture>
{
    private static readonly string[] Actors = ["anonymous", "customer", "other_customer", "provider", "other_provider", "admin"];

    // Expected status per actor, in the order of Actors, and the OpenAPI operation that must document each of them.
    private static readonly Dictionary<string, (int[] Statuses, string Method, string Path)> Matrix = new()
    {
        ["me"] = ([401, 200, 200, 200, 200, 200], "get", "/api/auth/me"),
        ["set-address"] = ([401, 200, 200, 200, 200, 200], "put", "/api/auth/me/address"),
        ["get-address"] = ([401, 200, 200, 200, 200, 200], "get", "/api/auth/me/address"),
        ["export"] = ([401, 200, 200, 200, 200, 200], "get", "/api/auth/me/data"),
        ["delete-account"] = ([401, 204, 204, 204, 204, 403], "post", "/api/auth/me/delete"),
        ["calendar-feed"] = ([401, 200, 200, 200, 200, 200], "get", "/api/auth/me/calendar-feed"),
        ["rotate-feed"] = ([401, 200, 200, 200, 200, 200], "post", "/api/auth/me/calendar-feed/rotate"),
        ["booking-file"] = ([401, 200, 404, 200, 404, 200], "get", "/api/bookings/bookings/{id}/calendar.ics"),
        ["notifications"] = ([401, 200, 200, 200, 200, 200], "get", "/api/notifications"),
        ["unread-count"] = ([401, 200, 200, 200, 200, 200], "get", "/api/notifications/unread-count"),
        // The notification is the provider's: a new request for their calendar.
        ["mark-read"] = ([401, 404, 404, 200, 404, 404], "post", "/api/notifications/{id}/read"),
        ["get-schedule"] = ([401, 403, 403, 200, 200, 403], "get", "/api/providers/me/schedule"),
        ["put-schedule"] = ([401, 403, 403, 200, 200, 403], "put", "/api/providers/me/schedule"),
        ["list-time-off"] = ([401, 403, 403, 200, 200, 403], "get", "/api/providers/me/time-off"),
        ["add-time-off"] = ([401, 403, 403, 201, 201, 403], "post", "/api/providers/me/time-off"),
        ["remove-time-off"] = ([401, 403, 403, 204, 404, 403], "delete", "/api/providers/me/time-off/{id}"),
        ["list-services"] = ([401, 403, 403, 200, 200, 403], "get", "/api/providers/me/services"),
        ["add-service"] = ([401, 403, 403, 201, 201, 403], "post", "/api/providers/me/services"),
        ["change-service"] = ([401, 403, 403, 200, 404, 403], "patch", "/api/providers/me/services/{id}"),
    };

    private static int _nextTimeOffDay;

    public static TheoryData<string, string, int> Cases()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var (route, (statuses, _, _)) in Matrix)
        {
            for (var i = 0; i < Actors.Length; i++)
            {
                data.Add(route, Actors[i], statuses[i]);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Account_route_answers_each_actor_as_the_contract_says(string route, string actor, int expected)
    {
        var cast = await app.CastAsync();
        var client = cast.ByName(actor);
        var response = route switch
        {
            "me" => await client.GetAsync("/api/auth/me/"),
            "set-address" => await client.PutAsJsonAsync("/api/auth/me/address/", Home),
            "get-address" => await GetAddressAsync(actor, client),
            "export" => await client.GetAsync("/api/auth/me/data/"),
            "delete-account" => await DeleteAccountAsync(actor),
            "calendar-feed" => await client.GetAsync("/api/auth/me/calendar-feed/"),
            "rotate-feed" => await client.PostAsync("/api/auth/me/calendar-feed/rotate/", null),
            "booking-file" => await client.GetAsync($"/api/bookings/bookings/{(await app.BookAsync("confirmed")).GetProperty("id").GetInt32()}/calendar.ics"),
            "notifications" => await client.GetAsync("/api/notifications/"),
            "unread-count" => await client.GetAsync("/api/notifications/unread-count/"),
            "mark-read" => await client.PostAsync($"/api/notifications/{await ProvidersNotificationAsync(cast)}/read/", null),
            "get-schedule" => await client.GetAsync("/api/providers/me/schedule/"),
            "put-schedule" => await client.PutAsync("/api/providers/me/schedule/", await ScheduleOfAsync(actor == "other_provider" ? cast.OtherProviderClient : cast.ProviderClient)),
            "list-time-off" => await client.GetAsync("/api/providers/me/time-off/"),
            "add-time-off" => await client.PostAsJsonAsync("/api/providers/me/time-off/", NextTimeOff()),
            "remove-time-off" => await client.DeleteAsync($"/api/providers/me/time-off/{await ProvidersTimeOffAsync(cast)}/"),
            "list-services" => await client.GetAsync("/api/providers/me/services/"),
            "add-service" => await client.PostAsJsonAsync("/api/providers/me/services/",
                new { category = cast.Provider.Service.CategoryId, name = "Tap check", description = "A quick look at every tap.", price_cents = 3000, duration_minutes = 30 }),
            "change-service" => await client.PatchAsJsonAsync($"/api/providers/me/services/{cast.Provider.Service.Id}/", new { description = "Leaks found and fixed." }),
            _ => throw new ArgumentOutOfRangeException(nameof(route)),
        };

        var (_, method, path) = Matrix[route];
        await response.AssertMatrixCellAsync(app.CreateClient(), $"{actor} on {route}", expected, method, path);
    }

    private static readonly object Home = new { street = "Oranienstraße 25", postal_code = "10999", city = "Berlin", lat = 52.5016, lng = 13.4187 };

    private static async Task<HttpResponseMessage> GetAddressAsync(string actor, HttpClient client)
    {
        // A home address is there to read once it was set; before that the answer is 404 (tested with the address routes).
        if (actor != "anonymous")
        {
            await (await client.PutAsJsonAsync("/api/auth/me/address/", Home)).JsonAsync(System.Net.HttpStatusCode.OK);
        }
        return await client.GetAsync("/api/auth/me/address/");
    }

    /// <summary>Closes a fresh account of the actor's role: the cast's own accounts must stay open for the other cells.</summary>
    private async Task<HttpResponseMessage> DeleteAccountAsync(string actor)
    {
        var body = new { password = TestData.Password };
        if (actor == "anonymous")
        {
            return await app.CreateClient().PostAsJsonAsync("/api/auth/me/delete/", body);
        }
        var email = actor switch
        {
            "provider" or "other_provider" => (await app.CreateProviderAsync()).User.Email!,
            "admin" => (await app.CreateUserAsync(Roles.Admin)).Email!,
            _ => (await app.CreateUserAsync(Roles.Customer)).Email!,
        };
        var client = await app.ClientForAsync(email);
        return await client.PostAsJsonAsync("/api/auth/me/delete/", body);
    }

    private async Task<int> ProvidersNotificationAsync(BookingsFixture.Cast cast)
    {
        await app.BookAsync();
        var page = await (await cast.ProviderClient.GetAsync("/api/notifications/")).JsonAsync(System.Net.HttpStatusCode.OK);
        return page.GetProperty("results").EnumerateArray().First().GetProperty("id").GetInt32();
    }

    private static async Task<HttpContent> ScheduleOfAsync(HttpClient provider)
    {
        var schedule = await (await provider.GetAsync("/api/providers/me/schedule/")).JsonAsync(System.Net.HttpStatusCode.OK);
        return JsonContent.Create(schedule);
    }

    /// <summary>A day of time off of its own, in a year no booking of the fixture reaches, so no cell conflicts with another.</summary>
    private static object NextTimeOff()
    {
        var start = new DateTime(2031, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(2 * Interlocked.Increment(ref _nextTimeOffDay));
        return new { start_time = start.ToString("yyyy-MM-ddTHH:mm:ssZ"), end_time = start.AddDays(1).ToString("yyyy-MM-ddTHH:mm:ssZ"), reason = "Holiday" };
    }

    private static async Task<int> ProvidersTimeOffAsync(BookingsFixture.Cast cast)
    {
        var created = await (await cast.ProviderClient.PostAsJsonAsync("/api/providers/me/time-off/", NextTimeOff())).JsonAsync(System.Net.HttpStatusCode.Created);
        return created.GetProperty("id").GetInt32();
    }
}
