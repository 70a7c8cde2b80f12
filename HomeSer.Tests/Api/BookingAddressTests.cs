using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Tests.Api;

/// <summary>Where the job is: the booking's address, the customer's home, the service area and travel time between homes.</summary>
public sealed class BookingAddressTests(BookingsFixture app) : IClassFixture<BookingsFixture>
{
    private const string Bookings = "/api/bookings/bookings/";

    // The test providers' base is Berlin's centre (52.52, 13.405) with a 25 km radius. Kreuzberg and Spandau are ~15 km
    // apart: 35 minutes at 30 km/h, more than the 15-minute buffer.
    private static readonly object Kreuzberg = new { street = "Oranienstraße 25", postal_code = "10999", city = "Berlin", lat = 52.5016, lng = 13.4187, access_notes = "Bell: Customer" };
    private static readonly object Spandau = new { street = "Carl-Schurz-Straße 12", postal_code = "13597", city = "Berlin", lat = 52.5362, lng = 13.2003, access_notes = "" };
    private static readonly object NearSpandau = new { street = "Carl-Schurz-Straße 14", postal_code = "13597", city = "Berlin", lat = 52.5363, lng = 13.2006 };

    /// <summary>Tuesday 2030-01-08 at a Berlin wall-clock time (UTC+1), as the API's instant string.</summary>
    private static string Tuesday(string hhmm) =>
        DateTime.SpecifyKind(DateTime.Parse($"2030-01-08T{hhmm}:00"), DateTimeKind.Utc).AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ssZ");

    private static object Body(TestData.ProviderSetup provider, string start, object? address) => address is null
        ? new { service = provider.Service.Id, provider = provider.Profile.Id, start_time = start }
        : new { service = provider.Service.Id, provider = provider.Profile.Id, start_time = start, address };

    private async Task<(TestData.ProviderSetup Provider, HttpClient ProviderClient)> TravellingProviderAsync()
    {
        var provider = await app.CreateProviderAsync(bufferMinutes: 15);
        return (provider, await app.ClientForAsync(provider.User.Email!));
    }

    private async Task<HttpClient> NewCustomerAsync() => await app.ClientForAsync((await app.CreateUserAsync(Roles.Customer)).Email!);

    [Fact]
    public async Task A_booking_keeps_the_address_it_was_made_for()
    {
        var (provider, _) = await TravellingProviderAsync();
        var customer = await NewCustomerAsync();

        var booking = await (await customer.PostAsJsonAsync(Bookings, Body(provider, Tuesday("10:00"), Kreuzberg))).JsonAsync(HttpStatusCode.Created);

        var address = booking.GetProperty("address");
        Assert.Equal("Oranienstraße 25", address.GetProperty("street").GetString());
        Assert.Equal("10999", address.GetProperty("postal_code").GetString());
        Assert.Equal(52.5016, address.GetProperty("lat").GetDouble());
        Assert.Equal("Bell: Customer", address.GetProperty("access_notes").GetString());
        Assert.False(address.GetProperty("approximate").GetBoolean());
    }

    [Fact]
    public async Task The_provider_sees_the_street_and_access_notes_only_once_they_confirm()
    {
        var (provider, providerClient) = await TravellingProviderAsync();
        var customer = await NewCustomerAsync();
        var id = (await (await customer.PostAsJsonAsync(Bookings, Body(provider, Tuesday("10:00"), Kreuzberg))).JsonAsync(HttpStatusCode.Created))
            .GetProperty("id").GetInt32();

        var before = (await (await providerClient.GetAsync($"{Bookings}{id}/")).JsonAsync(HttpStatusCode.OK)).GetProperty("address");
        Assert.Equal(JsonValueKind.Null, before.GetProperty("street").ValueKind);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("access_notes").ValueKind);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("lat").ValueKind);
        Assert.Equal("10999", before.GetProperty("postal_code").GetString());
        Assert.Equal("Berlin", before.GetProperty("city").GetString());
        Assert.InRange(before.GetProperty("distance_km").GetDouble(), 1.5, 3.5);

        var confirmed = await (await providerClient.PostAsync($"{Bookings}{id}/confirm/", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Oranienstraße 25", confirmed.GetProperty("address").GetProperty("street").GetString());
        Assert.Equal("Bell: Customer", confirmed.GetProperty("address").GetProperty("access_notes").GetString());
    }

    [Fact]
    public async Task A_known_city_without_coordinates_is_placed_at_its_centre_and_marked_approximate()
    {
        var (provider, _) = await TravellingProviderAsync();
        var customer = await NewCustomerAsync();

        var booking = await (await customer.PostAsJsonAsync(Bookings, Body(provider, Tuesday("10:00"), new { street = "Somewhere 1", city = "berlin" })))
            .JsonAsync(HttpStatusCode.Created);

        Assert.True(booking.GetProperty("address").GetProperty("approximate").GetBoolean());
        Assert.Equal(52.52, booking.GetProperty("address").GetProperty("lat").GetDouble());
    }

    [Theory]
    [InlineData("""{"city":"Berlin","lat":52.5}""", "address.lng")]
    [InlineData("""{"city":"Berlin","lat":95,"lng":13.4}""", "address.lat")]
    [InlineData("""{"city":"Atlantis"}""", "address.city")]
    [InlineData("""{"street":""}""", "address.city")]
    public async Task A_bad_address_is_a_validation_error_naming_the_field(string address, string field)
    {
        var cast = await app.CastAsync();
        var body = $$"""{"service":{{cast.Provider.Service.Id}},"provider":{{cast.Provider.Profile.Id}},"start_time":"{{app.NextSlot():yyyy-MM-ddTHH:mm:ssZ}}","address":{{address}}}""";

        var response = await cast.Customer.SendRawAsync(HttpMethod.Post, Bookings, body);

        await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", field);
    }

    [Fact]
    public async Task A_street_longer_than_the_limit_is_refused()
    {
        var cast = await app.CastAsync();
        var response = await cast.Customer.PostAsJsonAsync(Bookings,
            Body(cast.Provider, app.NextSlot().ToString("yyyy-MM-ddTHH:mm:ssZ"), new { street = new string('x', 201), city = "Berlin" }));

        await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "address.street");
    }

    [Fact]
    public async Task A_booking_without_an_address_happens_at_the_customers_home()
    {
        var (provider, _) = await TravellingProviderAsync();
        var customer = await NewCustomerAsync();
        await (await customer.GetAsync("/api/auth/me/address/")).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");

        var home = await (await customer.PutAsJsonAsync("/api/auth/me/address/", Spandau)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Carl-Schurz-Straße 12", home.GetProperty("street").GetString());
        Assert.Equal(13.2003, (await (await customer.GetAsync("/api/auth/me/address/")).JsonAsync(HttpStatusCode.OK)).GetProperty("lng").GetDouble());

        var booking = await (await customer.PostAsJsonAsync(Bookings, Body(provider, Tuesday("10:00"), null))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("13597", booking.GetProperty("address").GetProperty("postal_code").GetString());
    }

    [Fact]
    public async Task A_booking_without_any_address_still_works_as_the_seed_describes()
    {
        var (provider, _) = await TravellingProviderAsync();
        var customer = await NewCustomerAsync();

        var booking = await (await customer.PostAsJsonAsync(Bookings, Body(provider, Tuesday("10:00"), null))).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(JsonValueKind.Null, booking.GetProperty("address").ValueKind);
    }

    [Fact]
    public async Task A_home_outside_the_service_area_is_a_conflict_saying_so()
    {
        var (provider, _) = await TravellingProviderAsync();
        var customer = await NewCustomerAsync();
        var before = await app.CountBookingsAsync();

        var response = await customer.PostAsJsonAsync(Bookings, Body(provider, Tuesday("10:00"), new { street = "Jungfernstieg 1", city = "Hamburg" }));

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict, "BOOKING_CONFLICT", "address");
        Assert.Equal("outside_service_area", problem.GetProperty("reason").GetString());
        Assert.Equal(before, await app.CountBookingsAsync());
    }

    [Fact]
    public async Task A_job_across_the_city_right_after_another_leaves_no_time_to_drive()
    {
        var (provider, _) = await TravellingProviderAsync();
        await (await (await NewCustomerAsync()).PostAsJsonAsync(Bookings, Body(provider, Tuesday("10:00"), Spandau))).JsonAsync(HttpStatusCode.Created);
        var customer = await NewCustomerAsync();

        var far = await customer.PostAsJsonAsync(Bookings, Body(provider, Tuesday("11:15"), Kreuzberg));
        var problem = await far.ProblemAsync(HttpStatusCode.Conflict, "BOOKING_CONFLICT", "start_time");
        Assert.Equal("travel_time", problem.GetProperty("reason").GetString());

        var near = await customer.PostAsJsonAsync(Bookings, Body(provider, Tuesday("11:15"), NearSpandau));
        await near.JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_conflict_offers_the_six_nearest_free_starts_from_the_same_home_and_they_book()
    {
        var (provider, _) = await TravellingProviderAsync();
        await (await (await NewCustomerAsync()).PostAsJsonAsync(Bookings, Body(provider, Tuesday("10:00"), Spandau))).JsonAsync(HttpStatusCode.Created);
        var customer = await NewCustomerAsync();

        var problem = await (await customer.PostAsJsonAsync(Bookings, Body(provider, Tuesday("10:00"), Kreuzberg)))
            .ProblemAsync(HttpStatusCode.Conflict, "BOOKING_CONFLICT");

        var alternatives = problem.GetProperty("alternatives").EnumerateArray()
            .Select(a => a.GetProperty("start_time").GetDateTime().ToUniversalTime()).ToList();
        Assert.Equal(6, alternatives.Count);
        Assert.Equal(alternatives.Order().ToList(), alternatives);
        // None within the drive from Spandau (10:00-11:00 there, 35 minutes each way from Kreuzberg).
        var busyFrom = DateTime.Parse(Tuesday("10:00")).ToUniversalTime();
        Assert.All(alternatives, a => Assert.True(a.AddMinutes(60 + 35) <= busyFrom || a >= busyFrom.AddMinutes(60 + 35), $"{a:O} is too close"));

        var first = alternatives[0].ToString("yyyy-MM-ddTHH:mm:ssZ");
        await (await customer.PostAsJsonAsync(Bookings, Body(provider, first, Kreuzberg))).JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Availability_from_a_home_offers_only_starts_reachable_from_there_and_each_one_books()
    {
        var (provider, _) = await TravellingProviderAsync();
        await (await (await NewCustomerAsync()).PostAsJsonAsync(Bookings, Body(provider, Tuesday("10:00"), Spandau))).JsonAsync(HttpStatusCode.Created);
        var customer = await NewCustomerAsync();
        var url = $"/api/bookings/availabilities/?provider={provider.Profile.Id}&service={provider.Service.Id}&date=2030-01-08";

        var anywhere = await StartsAsync(customer, url);
        var fromKreuzberg = await StartsAsync(customer, $"{url}&lat=52.5016&lng=13.4187");

        Assert.Contains(Tuesday("11:15"), anywhere);
        Assert.DoesNotContain(Tuesday("11:15"), fromKreuzberg);
        Assert.True(fromKreuzberg.Count < anywhere.Count);
        // Two hours apart (8 grid steps), so the sampled starts do not block one another.
        foreach (var start in fromKreuzberg.Where((_, i) => i % 8 == 0))
        {
            await (await (await NewCustomerAsync()).PostAsJsonAsync(Bookings, Body(provider, start, Kreuzberg))).JsonAsync(HttpStatusCode.Created);
        }
    }

    [Fact]
    public async Task Availability_uses_the_customers_saved_home_when_no_place_is_given()
    {
        var (provider, _) = await TravellingProviderAsync();
        await (await (await NewCustomerAsync()).PostAsJsonAsync(Bookings, Body(provider, Tuesday("10:00"), Spandau))).JsonAsync(HttpStatusCode.Created);
        var customer = await NewCustomerAsync();
        await (await customer.PutAsJsonAsync("/api/auth/me/address/", Kreuzberg)).JsonAsync(HttpStatusCode.OK);

        var starts = await StartsAsync(customer, $"/api/bookings/availabilities/?provider={provider.Profile.Id}&service={provider.Service.Id}&date=2030-01-08");

        Assert.DoesNotContain(Tuesday("11:15"), starts);
        Assert.Contains(Tuesday("11:45"), starts);
    }

    [Fact]
    public async Task Moving_a_job_across_the_city_is_rechecked_for_travel_time()
    {
        var (provider, providerClient) = await TravellingProviderAsync();
        await (await (await NewCustomerAsync()).PostAsJsonAsync(Bookings, Body(provider, Tuesday("10:00"), Spandau))).JsonAsync(HttpStatusCode.Created);
        var customer = await NewCustomerAsync();
        var booking = await (await customer.PostAsJsonAsync(Bookings, Body(provider, Tuesday("11:15"), NearSpandau))).JsonAsync(HttpStatusCode.Created);
        var id = booking.GetProperty("id").GetInt32();

        var moved = await customer.PatchAsJsonAsync($"{Bookings}{id}/", new { version = booking.GetProperty("version").GetInt32(), address = Kreuzberg });
        var problem = await moved.ProblemAsync(HttpStatusCode.Conflict, "BOOKING_CONFLICT", "start_time");
        Assert.Equal("travel_time", problem.GetProperty("reason").GetString());

        var byProvider = await providerClient.PatchAsJsonAsync($"{Bookings}{id}/", new { version = booking.GetProperty("version").GetInt32(), address = NearSpandau });
        await byProvider.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "address");
    }

    [Fact]
    public async Task Concurrent_bookings_in_homes_across_the_city_never_leave_less_than_the_drive_between_them()
    {
        var (provider, _) = await TravellingProviderAsync();
        var customers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => NewCustomerAsync()));
        var homes = new[] { Kreuzberg, Spandau };

        // Sixteen customers, alternating homes, each asking for a start 15 minutes after the previous one, all at once.
        var responses = await Task.WhenAll(customers.Select((client, i) =>
            client.PostAsJsonAsync(Bookings, Body(provider, Tuesday(TimeOnly.Parse("09:00").AddMinutes(15 * i).ToString("HH:mm")), homes[i % 2]))));
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Created);

        var committed = await app.WithDbAsync(db => db.Bookings.AsNoTracking()
            .Where(b => b.ProviderId == provider.Profile.Id).Where(BookingFilters.HoldsProviderTime)
            .Select(b => new { b.StartUtc, b.ScheduledEndUtc, b.Address!.Lat, b.Address.Lng }).ToListAsync());
        var schedule = new ProviderSchedule("Europe/Berlin", [], [], 15, 60, 60);
        foreach (var a in committed)
        {
            foreach (var b in committed.Where(b => b.StartUtc > a.StartUtc))
            {
                var gap = TravelTime.Gap(schedule, new GeoPoint(a.Lat, a.Lng), new GeoPoint(b.Lat, b.Lng));
                Assert.True(a.ScheduledEndUtc + gap <= b.StartUtc, $"{a.StartUtc:O} and {b.StartUtc:O} leave less than {gap.TotalMinutes} min to drive");
            }
        }
    }

    private static async Task<List<string>> StartsAsync(HttpClient client, string url) =>
        (await (await client.GetAsync(url)).JsonAsync(HttpStatusCode.OK)).GetProperty("slots").EnumerateArray()
            .Select(s => s.GetProperty("start_time").GetDateTime().ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ")).ToList();
}
