using System.Net;
using System.Net.Http.Json;
using HomeSer.Web.Features.Waitlist;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Tests.Api;

/// <summary>Who may call which booking route, per the contract's "who" column. Non-parties get 404 (the booking is not revealed).</summary>
public sealed class BookingAuthorizationMatrixTests(BookingsFixture app) : IClassFixture<BookingsFixture>
{
    private static readonly string[] Actors = ["anonymous", "customer", "other_customer", "provider", "other_provider", "admin"];

    // Expected status per actor, in the order of Actors.
    private static readonly Dictionary<string, int[]> Matrix = new()
    {
        ["availabilities"] = [401, 200, 200, 200, 200, 200],
        ["list"] = [401, 200, 200, 200, 200, 200],
        ["create"] = [401, 201, 201, 403, 403, 403],
        ["get"] = [401, 200, 404, 200, 404, 200],
        ["patch"] = [401, 200, 404, 403, 404, 200],
        ["cancel"] = [401, 200, 404, 200, 404, 200],
        ["confirm"] = [401, 403, 404, 200, 404, 200],
        ["start"] = [401, 403, 404, 200, 404, 200],
        ["complete"] = [401, 403, 404, 200, 404, 200],
        ["no-show"] = [401, 403, 404, 200, 404, 200],
        ["review"] = [401, 201, 404, 403, 404, 403],
        ["series-create"] = [401, 201, 201, 403, 403, 403],
        ["series-get"] = [401, 200, 404, 200, 404, 200],
        ["series-cancel"] = [401, 200, 404, 200, 404, 200],
        // The waitlist is the customer's own: nobody else sees an entry (404), and only customers join or claim.
        ["waitlist-join"] = [401, 201, 201, 403, 403, 403],
        ["waitlist-list"] = [401, 200, 200, 200, 200, 200],
        ["waitlist-get"] = [401, 200, 404, 404, 404, 404],
        ["waitlist-leave"] = [401, 204, 404, 404, 404, 404],
        ["waitlist-claim"] = [401, 201, 404, 403, 403, 403],
    };

    // The OpenAPI operation behind each route, whose documented responses must include what the cell observed.
    private static readonly Dictionary<string, (string Method, string Path)> Operations = new()
    {
        ["availabilities"] = ("get", "/api/bookings/availabilities"),
        ["list"] = ("get", "/api/bookings/bookings"),
        ["create"] = ("post", "/api/bookings/bookings"),
        ["get"] = ("get", "/api/bookings/bookings/{id}"),
        ["patch"] = ("patch", "/api/bookings/bookings/{id}"),
        ["cancel"] = ("post", "/api/bookings/bookings/{id}/cancel"),
        ["confirm"] = ("post", "/api/bookings/bookings/{id}/confirm"),
        ["start"] = ("post", "/api/bookings/bookings/{id}/start"),
        ["complete"] = ("post", "/api/bookings/bookings/{id}/complete"),
        ["no-show"] = ("post", "/api/bookings/bookings/{id}/no-show"),
        ["review"] = ("post", "/api/bookings/bookings/{id}/review"),
        ["series-create"] = ("post", "/api/bookings/series"),
        ["series-get"] = ("get", "/api/bookings/series/{id}"),
        ["series-cancel"] = ("post", "/api/bookings/series/{id}/cancel"),
        ["waitlist-join"] = ("post", "/api/bookings/waitlist"),
        ["waitlist-list"] = ("get", "/api/bookings/waitlist"),
        ["waitlist-get"] = ("get", "/api/bookings/waitlist/{id}"),
        ["waitlist-leave"] = ("delete", "/api/bookings/waitlist/{id}"),
        ["waitlist-claim"] = ("post", "/api/bookings/waitlist/{id}/claim"),
    };

    // xunit makes a new instance per test; the fixture (and its provider) lives for the class, so the count must too.
    private static int _nextSeries;

    public static TheoryData<string, string, int> Cases()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var (route, statuses) in Matrix)
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
    public async Task Booking_route_answers_each_actor_as_the_contract_says(string route, string actor, int expected)
    {
        var cast = await app.CastAsync();
        var client = cast.ByName(actor);
        var response = route switch
        {
            "availabilities" => await client.GetAsync($"/api/bookings/availabilities/?provider={cast.Provider.Profile.Id}"),
            "list" => await client.GetAsync("/api/bookings/bookings/"),
            "create" => await client.PostAsJsonAsync("/api/bookings/bookings/", BookingsFixture.BookingBody(cast, app.NextSlot())),
            "get" => await client.GetAsync(await BookingUrlAsync("pending")),
            "patch" => await PatchNotesAsync(client),
            "cancel" => await client.PostAsJsonAsync(await BookingUrlAsync("pending") + "cancel/", new { reason = "Plans changed" }),
            "confirm" => await client.PostAsync(await BookingUrlAsync("pending") + "confirm/", null),
            "start" => await client.PostAsync(await PastConfirmedUrlAsync() + "start/", null),
            "complete" => await client.PostAsync(await BookingUrlAsync("in_progress") + "complete/", null),
            "no-show" => await client.PostAsync(await PastConfirmedUrlAsync() + "no-show/", null),
            "review" => await client.PostAsJsonAsync(await BookingUrlAsync("completed") + "review/", new { rating = 4, comment = "Good" }),
            "series-create" => await client.PostAsJsonAsync("/api/bookings/series/", SeriesBody(cast)),
            "series-get" => await client.GetAsync(await SeriesUrlAsync(cast)),
            "series-cancel" => await client.PostAsJsonAsync(await SeriesUrlAsync(cast) + "cancel/", new { reason = "Plans changed" }),
            "waitlist-join" => await client.PostAsJsonAsync("/api/bookings/waitlist/",
                new { provider = cast.Provider.Profile.Id, service = cast.Provider.Service.Id, date = "2030-02-05" }),
            "waitlist-list" => await client.GetAsync("/api/bookings/waitlist/"),
            "waitlist-get" => await client.GetAsync(await OfferedEntryUrlAsync()),
            "waitlist-leave" => await client.DeleteAsync(await OfferedEntryUrlAsync()),
            "waitlist-claim" => await client.PostAsync(await OfferedEntryUrlAsync() + "claim/", null),
            _ => throw new ArgumentOutOfRangeException(nameof(route)),
        };
        var (method, path) = Operations[route];
        await response.AssertMatrixCellAsync(app.CreateClient(), $"{actor} on {route}", expected, method, path);
    }

    private async Task<string> BookingUrlAsync(string status) =>
        $"/api/bookings/bookings/{(await app.BookAsync(status)).GetProperty("id").GetInt32()}/";

    /// <summary>
    /// Two weekly visits at 17:00 Berlin (after every single booking's hour) on a day of their own; allow_partial, since a
    /// later series may start on the day an earlier one's second visit took.
    /// </summary>
    private object SeriesBody(BookingsFixture.Cast cast)
    {
        var day = new DateOnly(2030, 1, 8).AddDays(Interlocked.Increment(ref _nextSeries));
        if (day.DayOfWeek == DayOfWeek.Sunday)
        {
            day = new DateOnly(2030, 1, 8).AddDays(Interlocked.Increment(ref _nextSeries));
        }
        var start = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(17, 0)), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        return new
        {
            service = cast.Provider.Service.Id,
            provider = cast.Provider.Profile.Id,
            start_time = start.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            recurrence = new { frequency = "weekly", count = 2 },
            allow_partial = true,
        };
    }

    private async Task<string> SeriesUrlAsync(BookingsFixture.Cast cast)
    {
        var series = await (await cast.Customer.PostAsJsonAsync("/api/bookings/series/", SeriesBody(cast))).JsonAsync(HttpStatusCode.Created);
        return $"/api/bookings/series/{series.GetProperty("id").GetInt32()}/";
    }

    private async Task<string> PastConfirmedUrlAsync()
    {
        var id = (await app.BookAsync("confirmed")).GetProperty("id").GetInt32();
        await app.StartedAnHourAgoAsync(id);
        return $"/api/bookings/bookings/{id}/";
    }

    /// <summary>An entry of the cast's customer holding a free slot, as the offerer leaves it.</summary>
    private async Task<string> OfferedEntryUrlAsync()
    {
        var cast = await app.CastAsync();
        var start = app.NextSlot();
        var customerId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == cast.CustomerEmail).Select(u => u.Id).SingleAsync());
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var entry = WaitlistEntry.Join(customerId, cast.Provider.Profile.Id, cast.Provider.Service.Id, DateOnly.FromDateTime(start), null, null, now);
        entry.Offer(start, start.AddHours(1), now.AddMinutes(15), null, null, now);
        await app.WithDbAsync(async db =>
        {
            db.WaitlistEntries.Add(entry);
            return await db.SaveChangesAsync();
        });
        return $"/api/bookings/waitlist/{entry.Id}/";
    }

    private async Task<HttpResponseMessage> PatchNotesAsync(HttpClient client)
    {
        var booking = await app.BookAsync();
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/bookings/bookings/{booking.GetProperty("id").GetInt32()}/")
        {
            Content = JsonContent.Create(new { customer_notes = "Please call first" }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{booking.GetProperty("version").GetInt32()}\"");
        return await client.SendAsync(request);
    }
}
