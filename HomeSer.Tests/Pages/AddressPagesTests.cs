using System.Net;
using HomeSer.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Tests.Pages;

/// <summary>The home address page, the address on the booking form and page, and the service page's area notice.</summary>
public sealed class AddressPagesTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    // Tuesday 8 Jan 2030, 10:00 in Berlin.
    private const string TuesdayTen = "2030-01-08T09:00:00Z";

    private static Dictionary<string, string> Home(string street, string city, string postalCode = "10999") => new()
    {
        ["Address.Street"] = street,
        ["Address.PostalCode"] = postalCode,
        ["Address.City"] = city,
        ["Address.AccessNotes"] = "Bell: Customer",
    };

    private static async Task SaveHomeAsync(HttpClient client, string street, string city)
    {
        var saved = await FormPost.SubmitAsync(client, "/Account/Address", Home(street, city));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
    }

    /// <summary>Books Tuesday 10:00 through the booking form for a home in Torstraße 101, 10119 Berlin.</summary>
    private static Task<HttpResponseMessage> BookTorstrasseAsync(HttpClient client, TestData.ProviderSetup provider) =>
        FormPost.SubmitAsync(client, $"/Bookings/New?service={provider.Service.Id}&start={Uri.EscapeDataString(TuesdayTen)}", new Dictionary<string, string>
            {
                ["Input.Service"] = provider.Service.Id.ToString(),
                ["Input.StartTime"] = TuesdayTen,
                ["Input.Duration"] = "60",
                ["Input.PaymentMethod"] = "on_completion",
                ["Input.IdempotencyKey"] = Guid.NewGuid().ToString("N"),
                ["Input.Address.Street"] = "Torstraße 101",
                ["Input.Address.PostalCode"] = "10119",
                ["Input.Address.City"] = "Berlin",
            });

    [Fact]
    public async Task A_saved_home_address_is_shown_again_and_fills_the_booking_form()
    {
        var provider = await factory.CreateProviderAsync();
        var (client, _) = await factory.NewCustomerClientAsync();

        await SaveHomeAsync(client, "Oranienstraße 25", "Berlin");

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/Account/Address"));
        Assert.Contains("Home address saved.", page);
        Assert.Contains("value=\"Oranienstraße 25\"", page);
        var form = WebUtility.HtmlDecode(await client.GetStringAsync($"/Bookings/New?service={provider.Service.Id}&start={Uri.EscapeDataString(TuesdayTen)}"));
        Assert.Contains("Where is the job?", form);
        Assert.Contains("name=\"Input.Address.Street\" value=\"Oranienstraße 25\"", form);
    }

    [Fact]
    public async Task A_city_we_cannot_place_is_refused_next_to_the_city_field()
    {
        var (client, _) = await factory.NewCustomerClientAsync();

        var response = await FormPost.SubmitAsync(client, "/Account/Address", Home("Main Street 1", "Atlantis"));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("We cannot place \"Atlantis\" on the map", html);
        Assert.Contains("aria-invalid=\"true\"", html);
    }

    [Fact]
    public async Task The_booking_page_shows_where_the_job_is()
    {
        var provider = await factory.CreateProviderAsync();
        var (client, _) = await factory.NewCustomerClientAsync();

        var response = await BookTorstrasseAsync(client, provider);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(response.Headers.Location!.OriginalString));
        Assert.Contains("Torstraße 101, 10119 Berlin", html);
    }

    [Fact]
    public async Task My_bookings_show_the_address_and_the_providers_jobs_show_the_door_only_once_confirmed()
    {
        var provider = await factory.CreateProviderAsync();
        var (client, _) = await factory.NewCustomerClientAsync();
        var booked = await BookTorstrasseAsync(client, provider);
        Assert.Equal(HttpStatusCode.Redirect, booked.StatusCode);
        var bookingId = int.Parse(booked.Headers.Location!.OriginalString.Split('/')[^1]);

        var mine = WebUtility.HtmlDecode(await client.GetStringAsync("/Bookings"));
        Assert.Contains("Torstraße 101, 10119 Berlin", mine);

        var providerClient = await factory.SignedInAsync(provider.User.Email!);
        var requests = WebUtility.HtmlDecode(await providerClient.GetStringAsync("/Provider"));
        Assert.Contains("10119 Berlin", requests);
        Assert.DoesNotContain("Torstraße", requests);

        await factory.WithDbAsync(async db =>
        {
            var booking = await db.Bookings.Include(b => b.Provider).FirstAsync(b => b.Id == bookingId);
            Assert.Null(booking.Confirm(HomeSer.Tests.Bookings.BookingKit.AsProvider(provider), factory.Clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
            return 0;
        });
        var confirmed = WebUtility.HtmlDecode(await providerClient.GetStringAsync("/Provider"));
        Assert.Contains("Torstraße 101, 10119 Berlin", confirmed);
    }

    [Fact]
    public async Task The_service_page_says_when_the_home_is_outside_the_providers_area_and_offers_no_times()
    {
        var provider = await factory.CreateProviderAsync();
        var (client, _) = await factory.NewCustomerClientAsync();
        await SaveHomeAsync(client, "Jungfernstieg 1", "Hamburg");

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/Services/{provider.Service.Id}"));

        Assert.Contains("Your home address (Hamburg) is", html);
        Assert.Contains("they work within 25 km", html);
        Assert.DoesNotContain("class=\"slot-button\"", html);
    }
}
