using System.Net;
using System.Net.Http.Json;
using HomeSer.Tests.Api;

namespace HomeSer.Tests.Security;

/// <summary>An Idempotency-Key names one request: the same request again replays, a different one is refused.</summary>
public sealed class IdempotencyKeyTests(BookingsFixture app) : IClassFixture<BookingsFixture>
{
    private const string Bookings = "/api/bookings/bookings/";

    private static HttpRequestMessage Post(object body, string key) =>
        new(HttpMethod.Post, Bookings) { Content = JsonContent.Create(body), Headers = { { "Idempotency-Key", key } } };

    [Fact]
    public async Task A_key_reused_with_another_start_time_is_422_naming_the_field_and_creates_nothing()
    {
        var cast = await app.CastAsync();
        var key = Guid.NewGuid().ToString();
        var first = await (await cast.Customer.SendAsync(Post(BookingsFixture.BookingBody(cast, app.NextSlot()), key))).JsonAsync(HttpStatusCode.Created);
        var before = await app.CountBookingsAsync();

        var reused = await cast.Customer.SendAsync(Post(BookingsFixture.BookingBody(cast, app.NextSlot()), key));

        var problem = await reused.ProblemAsync(HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED", "start_time");
        Assert.Contains(first.GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString());
        Assert.Equal(before, await app.CountBookingsAsync());
    }

    [Fact]
    public async Task A_key_reused_with_other_notes_is_refused_too()
    {
        var cast = await app.CastAsync();
        var key = Guid.NewGuid().ToString();
        var start = app.NextSlot();
        await (await cast.Customer.SendAsync(Post(BookingsFixture.BookingBody(cast, start), key))).JsonAsync(HttpStatusCode.Created);

        var reused = await cast.Customer.SendAsync(Post(new
        {
            service = cast.Provider.Service.Id,
            provider = cast.Provider.Profile.Id,
            start_time = start.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            duration = 60,
            customer_notes = "Different notes",
        }, key));

        await reused.ProblemAsync(HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED", "customer_notes");
    }

    [Fact]
    public async Task The_same_request_with_the_key_still_replays_the_first_booking()
    {
        var cast = await app.CastAsync();
        var key = Guid.NewGuid().ToString();
        var body = BookingsFixture.BookingBody(cast, app.NextSlot());
        var first = await (await cast.Customer.SendAsync(Post(body, key))).JsonAsync(HttpStatusCode.Created);

        var replay = await (await cast.Customer.SendAsync(Post(body, key))).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(first.GetProperty("id").GetInt32(), replay.GetProperty("id").GetInt32());
    }
}

/// <summary>GET booking carries its version as an ETag, so a client can revalidate cheaply.</summary>
public sealed class BookingETagTests(BookingsFixture app) : IClassFixture<BookingsFixture>
{
    [Fact]
    public async Task If_none_match_with_the_current_etag_is_304_and_after_a_change_200()
    {
        var cast = await app.CastAsync();
        var created = await (await cast.Customer.PostAsJsonAsync("/api/bookings/bookings/", BookingsFixture.BookingBody(cast, app.NextSlot()))).JsonAsync(HttpStatusCode.Created);
        var url = $"/api/bookings/bookings/{created.GetProperty("id").GetInt32()}/";
        var first = await cast.Customer.GetAsync(url);
        var etag = first.Headers.ETag!.Tag;
        HttpRequestMessage Revalidate() => new(HttpMethod.Get, url) { Headers = { { "If-None-Match", etag } } };

        var unchanged = await cast.Customer.SendAsync(Revalidate());
        await cast.ProviderClient.PostAsync(url + "confirm/", null);
        var changed = await cast.Customer.SendAsync(Revalidate());

        Assert.Equal($"\"{created.GetProperty("version").GetInt32()}\"", etag);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag!.Tag);
    }
}
