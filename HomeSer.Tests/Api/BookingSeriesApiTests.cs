using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Tests.Api;

/// <summary>Recurring visits through the real pipeline: POST, GET and cancel of /api/bookings/series (CONTRACT "Recurring visits").</summary>
public sealed class BookingSeriesApiTests(BookingsFixture app) : IClassFixture<BookingsFixture>
{
    private const string Series = "/api/bookings/series/";
    private const string Bookings = "/api/bookings/bookings/";

    /// <summary>A Berlin wall-clock time on a date, as the API's UTC instant string.</summary>
    private static string Berlin(string localDateTime)
    {
        var local = DateTime.Parse(localDateTime, CultureInfo.InvariantCulture);
        return TimeZoneInfo.ConvertTimeToUtc(local, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
    }

    private static object Body(TestData.ProviderSetup provider, string start, string frequency = "weekly", int count = 4, bool allowPartial = false) => new
    {
        service = provider.Service.Id,
        provider = provider.Profile.Id,
        start_time = start,
        customer_notes = "Weekly clean",
        recurrence = new { frequency, count },
        allow_partial = allowPartial,
    };

    private Task<TestData.ProviderSetup> ProviderAsync(int maxAdvanceDays = 365) => app.CreateProviderAsync(bufferMinutes: 15, maxAdvanceDays: maxAdvanceDays);

    private async Task<HttpClient> NewCustomerAsync() => await app.ClientForAsync((await app.CreateUserAsync(Roles.Customer)).Email!);

    private static string[] Starts(JsonElement series) =>
        series.GetProperty("bookings").EnumerateArray().Select(b => b.GetProperty("start_time").GetString()!).ToArray();

    private Task<int> ActiveBookingsOfAsync(int providerId) =>
        app.WithDbAsync(db => db.Bookings.CountAsync(b => b.ProviderId == providerId && b.Status != Web.Features.Bookings.BookingStatus.Cancelled));

    [Fact]
    public async Task A_weekly_series_books_every_visit_as_a_booking_carrying_the_series()
    {
        var provider = await ProviderAsync();
        var customer = await NewCustomerAsync();

        var response = await customer.PostAsJsonAsync(Series, Body(provider, Berlin("2030-02-05 10:00")));

        var series = await response.JsonAsync(HttpStatusCode.Created);
        var id = series.GetProperty("id").GetInt32();
        Assert.Equal($"/api/bookings/series/{id}/", response.Headers.Location?.OriginalString);
        Assert.Equal("weekly", series.GetProperty("recurrence").GetProperty("frequency").GetString());
        Assert.Equal(4, series.GetProperty("recurrence").GetProperty("count").GetInt32());
        Assert.Equal([Berlin("2030-02-05 10:00"), Berlin("2030-02-12 10:00"), Berlin("2030-02-19 10:00"), Berlin("2030-02-26 10:00")], Starts(series));
        Assert.All(series.GetProperty("bookings").EnumerateArray(), b =>
        {
            Assert.Equal(id, b.GetProperty("series").GetInt32());
            Assert.Equal("pending", b.GetProperty("status").GetString());
        });
        Assert.Empty(series.GetProperty("skipped").EnumerateArray());

        var visit = series.GetProperty("bookings")[2].GetProperty("id").GetInt32();
        var single = await (await customer.GetAsync($"{Bookings}{visit}/")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(id, single.GetProperty("series").GetInt32());
    }

    [Fact]
    public async Task A_series_asks_the_provider_once()
    {
        var provider = await ProviderAsync();
        var customer = await NewCustomerAsync();

        await (await customer.PostAsJsonAsync(Series, Body(provider, Berlin("2030-02-05 11:00"), count: 6))).JsonAsync(HttpStatusCode.Created);

        var notices = await app.WithDbAsync(db => db.Notifications.Where(n => n.UserId == provider.User.Id).Select(n => n.Title).ToListAsync());
        Assert.Equal(["New recurring booking request"], notices);
    }

    [Fact]
    public async Task Visits_keep_the_local_time_across_the_spring_clock_change()
    {
        var provider = await ProviderAsync();
        var customer = await NewCustomerAsync();

        var series = await (await customer.PostAsJsonAsync(Series, Body(provider, "2030-03-26T09:00:00Z", count: 2))).JsonAsync(HttpStatusCode.Created);

        // 10:00 CET on 26 March, 10:00 CEST on 2 April.
        Assert.Equal(["2030-03-26T09:00:00Z", "2030-04-02T08:00:00Z"], Starts(series));
        Assert.Equal("10:00", series.GetProperty("local_time").GetString());
    }

    [Fact]
    public async Task One_taken_week_refuses_the_whole_series_and_books_nothing()
    {
        var provider = await ProviderAsync();
        var taken = Berlin("2030-02-19 10:00");
        await (await (await NewCustomerAsync()).PostAsJsonAsync(Bookings,
            new { service = provider.Service.Id, provider = provider.Profile.Id, start_time = taken })).JsonAsync(HttpStatusCode.Created);
        var customer = await NewCustomerAsync();

        var response = await customer.PostAsJsonAsync(Series, Body(provider, Berlin("2030-02-05 10:00")));

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict, "BOOKING_CONFLICT");
        var conflict = Assert.Single(problem.GetProperty("conflicts").EnumerateArray());
        Assert.Equal(taken, conflict.GetProperty("start_time").GetString());
        Assert.Equal("slot_taken", conflict.GetProperty("reason").GetString());
        Assert.NotEmpty(conflict.GetProperty("alternatives").EnumerateArray());
        Assert.Equal(1, await ActiveBookingsOfAsync(provider.Profile.Id));
        Assert.Equal(0, await app.WithDbAsync(db => db.BookingSeries.CountAsync(s => s.ProviderId == provider.Profile.Id)));
    }

    [Fact]
    public async Task Allow_partial_books_the_free_visits_and_lists_the_skipped_with_alternatives()
    {
        var provider = await ProviderAsync();
        var taken = Berlin("2030-02-12 14:00");
        await (await (await NewCustomerAsync()).PostAsJsonAsync(Bookings,
            new { service = provider.Service.Id, provider = provider.Profile.Id, start_time = taken })).JsonAsync(HttpStatusCode.Created);
        var customer = await NewCustomerAsync();

        var series = await (await customer.PostAsJsonAsync(Series, Body(provider, Berlin("2030-02-05 14:00"), allowPartial: true)))
            .JsonAsync(HttpStatusCode.Created);

        Assert.Equal([Berlin("2030-02-05 14:00"), Berlin("2030-02-19 14:00"), Berlin("2030-02-26 14:00")], Starts(series));
        var skipped = Assert.Single(series.GetProperty("skipped").EnumerateArray());
        Assert.Equal(taken, skipped.GetProperty("start_time").GetString());
        Assert.Equal("slot_taken", skipped.GetProperty("reason").GetString());
        Assert.NotEmpty(skipped.GetProperty("alternatives").EnumerateArray());

        var again = await (await customer.GetAsync($"{Series}{series.GetProperty("id").GetInt32()}/")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(taken, Assert.Single(again.GetProperty("skipped").EnumerateArray()).GetProperty("start_time").GetString());
    }

    [Fact]
    public async Task Visits_beyond_the_booking_window_are_conflicts_of_their_own_reason()
    {
        var provider = await ProviderAsync(maxAdvanceDays: 40);
        var customer = await NewCustomerAsync();

        // From 5 February (29 days after the clock's 7 January) weekly: 12 February is day 36, 19 February day 43.
        var problem = await (await customer.PostAsJsonAsync(Series, Body(provider, Berlin("2030-02-05 09:00"))))
            .ProblemAsync(HttpStatusCode.Conflict, "BOOKING_CONFLICT");

        Assert.Equal(["beyond_booking_window", "beyond_booking_window"],
            problem.GetProperty("conflicts").EnumerateArray().Select(c => c.GetProperty("reason").GetString()));
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"recurrence":{"frequency":"weekly","count":1}}""", "recurrence.count" },
        { """{"recurrence":{"frequency":"weekly","count":27}}""", "recurrence.count" },
        { """{"recurrence":{"frequency":"weekly"}}""", "recurrence.count" },
        { """{"recurrence":{"frequency":"monthly","count":4}}""", "recurrence.frequency" },
        { """{"recurrence":{"count":4}}""", "recurrence.frequency" },
        { """{}""", "recurrence" },
        { """{"recurrence":{"frequency":"weekly","count":4},"payment_method":"card","payment_token":"tok_visa"}""", "payment_method" },
        // A value of the wrong type is named by its top-level member, as everywhere in the API.
        { """{"recurrence":{"frequency":"weekly","count":"four"}}""", "recurrence" },
        { """{"recurrence":{"frequency":"weekly","count":4},"allow_partial":"yes"}""", "allow_partial" },
        { """{"recurrence":{"frequency":"weekly","count":4},"start_time":null}""", "start_time" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_is_a_400_naming_the_field(string overrides, string field)
    {
        var provider = await ProviderAsync();
        var customer = await NewCustomerAsync();
        var body = JsonSerializer.SerializeToNode(new { service = provider.Service.Id, provider = provider.Profile.Id, start_time = Berlin("2030-02-05 10:00") })!.AsObject();
        foreach (var (name, value) in JsonNode(overrides))
        {
            body[name] = value?.DeepClone();
        }

        var response = await customer.SendRawAsync(HttpMethod.Post, Series, body.ToJsonString());

        await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", field);
        Assert.Equal(0, await ActiveBookingsOfAsync(provider.Profile.Id));
    }

    private static System.Text.Json.Nodes.JsonObject JsonNode(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();

    [Fact]
    public async Task A_provider_cannot_create_a_series()
    {
        var cast = await app.CastAsync();
        var provider = await ProviderAsync();

        var response = await cast.ProviderClient.PostAsJsonAsync(Series, Body(provider, Berlin("2030-02-05 10:00")));

        await response.ProblemAsync(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
    }

    [Fact]
    public async Task The_series_is_seen_by_its_parties_and_admins_only()
    {
        var cast = await app.CastAsync();
        var series = await (await cast.Customer.PostAsJsonAsync(Series, Body(cast.Provider, Berlin("2030-02-26 16:00"), count: 2, allowPartial: true)))
            .JsonAsync(HttpStatusCode.Created);
        var url = $"{Series}{series.GetProperty("id").GetInt32()}/";

        foreach (var party in new[] { cast.Customer, cast.ProviderClient, cast.Admin })
        {
            Assert.Equal(series.GetProperty("id").GetInt32(), (await (await party.GetAsync(url)).JsonAsync(HttpStatusCode.OK)).GetProperty("id").GetInt32());
        }
        await (await cast.OtherCustomer.GetAsync(url)).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await cast.OtherProviderClient.GetAsync(url)).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await cast.OtherCustomer.PostAsJsonAsync($"{url}cancel/", new { })).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await cast.Anonymous.GetAsync(url)).ProblemAsync(HttpStatusCode.Unauthorized, "NOT_AUTHENTICATED");
    }

    [Fact]
    public async Task Cancel_from_a_visit_cancels_it_and_the_following_ones()
    {
        var provider = await ProviderAsync();
        var customer = await NewCustomerAsync();
        var series = await (await customer.PostAsJsonAsync(Series, Body(provider, Berlin("2030-02-06 10:00")))).JsonAsync(HttpStatusCode.Created);
        var id = series.GetProperty("id").GetInt32();

        var after = await (await customer.PostAsJsonAsync($"{Series}{id}/cancel/", new { reason = "Moving out", from = Berlin("2030-02-20 10:00") }))
            .JsonAsync(HttpStatusCode.OK);

        var visits = after.GetProperty("bookings").EnumerateArray().ToList();
        Assert.Equal(["pending", "pending", "cancelled", "cancelled"], visits.Select(v => v.GetProperty("status").GetString()));
        Assert.Equal("Moving out", visits[3].GetProperty("cancellation_reason").GetString());
        Assert.Equal(2, await ActiveBookingsOfAsync(provider.Profile.Id));
    }

    [Fact]
    public async Task Cancelling_several_visits_tells_the_provider_once()
    {
        var provider = await ProviderAsync();
        var customer = await NewCustomerAsync();
        var series = await (await customer.PostAsJsonAsync(Series, Body(provider, Berlin("2030-02-08 10:00")))).JsonAsync(HttpStatusCode.Created);
        var id = series.GetProperty("id").GetInt32();
        var third = series.GetProperty("bookings")[2].GetProperty("id").GetInt32();

        await (await customer.PostAsJsonAsync($"{Series}{id}/cancel/", new { reason = "Moving out", from = Berlin("2030-02-22 10:00") })).JsonAsync(HttpStatusCode.OK);

        var notices = await app.WithDbAsync(db => db.Notifications.Where(n => n.UserId == provider.User.Id && n.Kind == "booking.cancelled")
            .Select(n => new { n.Title, n.Body, n.BookingId }).ToListAsync());
        var notice = Assert.Single(notices);
        Assert.Equal(("Recurring visits cancelled", third), (notice.Title, notice.BookingId));
        Assert.Contains("2 visits from Fri 22 Feb 2030", notice.Body);
        Assert.EndsWith("Reason: Moving out", notice.Body);
        Assert.Equal(0, await app.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == series.GetProperty("customer").GetInt32() && n.Kind == "booking.cancelled")));
    }

    [Fact]
    public async Task Cancel_leaves_a_visit_the_booking_refuses_to_cancel_as_it_was()
    {
        var provider = await ProviderAsync();
        var providerClient = await app.ClientForAsync(provider.User.Email!);
        var customer = await NewCustomerAsync();
        var series = await (await customer.PostAsJsonAsync(Series, Body(provider, Berlin("2030-02-07 10:00"), count: 3))).JsonAsync(HttpStatusCode.Created);
        var id = series.GetProperty("id").GetInt32();
        var first = series.GetProperty("bookings")[0].GetProperty("id").GetInt32();
        await (await providerClient.PostAsync($"{Bookings}{first}/confirm/", null)).JsonAsync(HttpStatusCode.OK);
        await app.StartedAnHourAgoAsync(first);
        await (await providerClient.PostAsync($"{Bookings}{first}/start/", null)).JsonAsync(HttpStatusCode.OK);

        var after = await (await customer.PostAsJsonAsync($"{Series}{id}/cancel/", new { from = "2000-01-01T00:00:00Z" })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(["in_progress", "cancelled", "cancelled"], after.GetProperty("bookings").EnumerateArray().Select(v => v.GetProperty("status").GetString()));
    }

    [Theory]
    [InlineData("""{"from":"2030-02-05T10:00:00"}""", "from")]
    [InlineData("""{"from":"soon"}""", "from")]
    [InlineData("""{"reason":7}""", "reason")]
    public async Task A_bad_cancel_is_a_400_naming_the_field(string body, string field)
    {
        var provider = await ProviderAsync();
        var customer = await NewCustomerAsync();
        var series = await (await customer.PostAsJsonAsync(Series, Body(provider, Berlin("2030-02-27 16:00"), count: 2)))
            .JsonAsync(HttpStatusCode.Created);

        var response = await customer.SendRawAsync(HttpMethod.Post, $"{Series}{series.GetProperty("id").GetInt32()}/cancel/", body);

        await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", field);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_first_series()
    {
        var provider = await ProviderAsync();
        var customer = await NewCustomerAsync();
        var body = Body(provider, Berlin("2030-02-08 10:00"), count: 3);
        HttpRequestMessage Request(object content) => new(HttpMethod.Post, Series)
        {
            Content = JsonContent.Create(content),
            Headers = { { "Idempotency-Key", "weekly-clean-1" } },
        };

        var first = await (await customer.SendAsync(Request(body))).JsonAsync(HttpStatusCode.Created);
        var again = await (await customer.SendAsync(Request(body))).JsonAsync(HttpStatusCode.OK);
        var other = await customer.SendAsync(Request(Body(provider, Berlin("2030-02-08 10:00"), count: 5)));

        Assert.Equal(first.GetProperty("id").GetInt32(), again.GetProperty("id").GetInt32());
        Assert.Equal(Starts(first), Starts(again));
        await other.ProblemAsync(HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED", "recurrence.count");
        Assert.Equal(3, await ActiveBookingsOfAsync(provider.Profile.Id));
    }
}
