using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using HomeSer.Tests.Api;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;

namespace HomeSer.Tests.Calendar;

/// <summary>The pages' calendar parts: "Add to calendar" on a booking, the feed address with "Reset link" on the account page.</summary>
public sealed partial class CalendarPagesTests(CalendarFixture app) : IClassFixture<CalendarFixture>
{
    [Fact]
    public async Task The_booking_page_offers_its_calendar_file_to_both_parties_and_the_link_downloads_it_with_the_cookie()
    {
        var cast = await app.CastAsync();
        var (customer, user) = await app.NewCustomerClientAsync();
        var api = await app.ClientForAsync(user.Email!);
        var id = (await (await api.PostAsJsonAsync("/api/bookings/bookings/", BookingsFixture.BookingBody(cast, app.NextSlot()))).JsonAsync(HttpStatusCode.Created))
            .GetProperty("id").GetInt32();
        var provider = await app.SignedInAsync(cast.Provider.User.Email!);

        foreach (var client in new[] { customer, provider })
        {
            var html = await client.GetStringAsync($"/Bookings/{id}");
            Assert.Contains($"href=\"/api/bookings/bookings/{id}/calendar.ics\"", html);
            Assert.Contains(">Add to calendar</a>", html);
            var file = await client.GetAsync($"/api/bookings/bookings/{id}/calendar.ics");
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Contains($"UID:booking-{id}@homeser.example", await file.Content.ReadAsStringAsync());
        }

        (await api.PostAsJsonAsync($"/api/bookings/bookings/{id}/cancel/", new { })).EnsureSuccessStatusCode();
        Assert.DoesNotContain(">Add to calendar</a>", await customer.GetStringAsync($"/Bookings/{id}"));
    }

    [Theory]
    [InlineData(Roles.Customer, "your bookings")]
    [InlineData(Roles.Provider, "your jobs")]
    public async Task The_account_page_shows_the_feed_address_and_reset_link_gives_a_new_one(string role, string what)
    {
        var email = role == Roles.Provider ? (await app.CreateProviderAsync()).User.Email! : (await app.CreateUserAsync(role)).Email!;
        var client = await app.SignedInAsync(email);

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/Account"));
        Assert.Contains(what, page);
        Assert.Contains("data-copy=\"feed-url\"", page);
        var url = FeedUrl().Match(page).Groups[1].Value;
        Assert.StartsWith(CalendarFixture.PublicBaseUrl + "calendar/", url);
        Assert.Equal(url, FeedUrl().Match(WebUtility.HtmlDecode(await client.GetStringAsync("/Account"))).Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync(new Uri(url).AbsolutePath)).StatusCode);

        var reset = await FormPost.SubmitAsync(client, "/Account", new Dictionary<string, string>(), "/Account?handler=ResetFeed");
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        var after = WebUtility.HtmlDecode(await client.GetStringAsync("/Account"));
        var newUrl = FeedUrl().Match(after).Groups[1].Value;
        Assert.NotEqual(url, newUrl);
        Assert.Contains("Your feed has a new address", after);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync(new Uri(url).AbsolutePath)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync(new Uri(newUrl).AbsolutePath)).StatusCode);
    }

    [GeneratedRegex("id=\"feed-url\" type=\"url\" readonly value=\"([^\"]+)\"")]
    private static partial Regex FeedUrl();
}
