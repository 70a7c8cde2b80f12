using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using HomeSer.Tests.Api;
using HomeSer.Tests.Support;

namespace HomeSer.Tests.Operations;

public sealed class MetricsFactory : BookingsFixture
{
    public const string Token = "scrape-token-0123456789";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("RateLimits:BookingsPerMinute", "100000"), new("Telemetry:MetricsToken", Token)];
}

/// <summary>The operator's scrape endpoint: who may read it, and the HomeSer counters moving with what users do.</summary>
public sealed class MetricsTests(MetricsFactory app) : IClassFixture<MetricsFactory>
{
    private HttpClient Scraper()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MetricsFactory.Token);
        return client;
    }

    // The counters are process-wide (other test classes book too), so a test asserts growth, never an exact value.
    private static async Task<double> SampleAsync(HttpClient client, string series)
    {
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + "{", StringComparison.Ordinal) || l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_booking_moves_the_bookings_created_counter_on_the_scrape()
    {
        var cast = await app.CastAsync();
        var before = await SampleAsync(Scraper(), "homeser_bookings_created_total");

        await (await cast.Customer.PostAsJsonAsync("/api/bookings/bookings/", BookingsFixture.BookingBody(cast, app.NextSlot()))).JsonAsync(HttpStatusCode.Created);

        Assert.True(await SampleAsync(Scraper(), "homeser_bookings_created_total") >= before + 1, "homeser_bookings_created_total grew by the booking");
    }

    [Fact]
    public async Task A_taken_slot_moves_the_conflict_counter()
    {
        var cast = await app.CastAsync();
        var slot = app.NextSlot();
        await (await cast.Customer.PostAsJsonAsync("/api/bookings/bookings/", BookingsFixture.BookingBody(cast, slot))).JsonAsync(HttpStatusCode.Created);
        var before = await SampleAsync(Scraper(), "homeser_bookings_conflicts_total");

        await (await cast.OtherCustomer.PostAsJsonAsync("/api/bookings/bookings/", BookingsFixture.BookingBody(cast, slot))).ProblemAsync(HttpStatusCode.Conflict, "BOOKING_CONFLICT");

        Assert.True(await SampleAsync(Scraper(), "homeser_bookings_conflicts_total") >= before + 1, "homeser_bookings_conflicts_total grew by the 409");
    }

    [Fact]
    public async Task Reading_availability_twice_counts_a_miss_then_a_hit()
    {
        var cast = await app.CastAsync();
        // A provider of its own: HybridCache counts an entry made at the instant of a tag's invalidation as stale, and
        // this class's clock never moves while its other tests book (and invalidate) the cast's provider.
        var provider = await app.CreateProviderAsync();
        var url = $"/api/bookings/availabilities/?provider={provider.Profile.Id}&date=2030-01-15&days=3";
        var scrape = await (await Scraper().GetAsync("/metrics")).Content.ReadAsStringAsync();
        var hitsBefore = Series(scrape, "result=\"hit\"");
        var missesBefore = Series(scrape, "result=\"miss\"");

        Assert.Equal(HttpStatusCode.OK, (await cast.Customer.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cast.Customer.GetAsync(url)).StatusCode);

        scrape = await (await Scraper().GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.True(Series(scrape, "result=\"miss\"") >= missesBefore + 1, "the first read was a miss");
        Assert.True(Series(scrape, "result=\"hit\"") >= hitsBefore + 1, "the second read was a hit");
    }

    private static double Series(string scrape, string label) =>
        scrape.Split('\n').Where(l => l.StartsWith("homeser_cache_lookups_total{", StringComparison.Ordinal) && l.Contains(label, StringComparison.Ordinal))
            .Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Sum();

    [Fact]
    public async Task Nobody_but_an_admin_or_the_token_reads_the_metrics()
    {
        var cast = await app.CastAsync();
        var wrongToken = app.CreateClient();
        wrongToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token-0123456789");

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongToken.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cast.Customer.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cast.Admin.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Scraper().GetAsync("/metrics")).StatusCode);
    }
}
