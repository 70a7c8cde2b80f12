using System.Net;
using HomeSer.Tests.Support;

namespace HomeSer.Tests.Pages;

/// <summary>The service page and its week calendar. The factory's clock is Monday 7 Jan 2030, 09:00 in Berlin.</summary>
public sealed class ServicePageTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    [Fact]
    public async Task Service_page_shows_slots_in_provider_local_time_and_names_the_zone()
    {
        var provider = await factory.CreateProviderAsync();
        var (client, _) = await factory.NewCustomerClientAsync();

        var response = await client.GetAsync($"/Services/{provider.Service.Id}");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html", html);
        Assert.Contains("Leak repair", html);
        Assert.Contains("€89.00", html);
        Assert.Contains("Times in Europe/Berlin", html);
        Assert.Contains("Tue 8 Jan", html);
        // 08:00 in Berlin is 07:00 UTC in winter: the label is local, the link carries the UTC instant.
        Assert.Contains($"href=\"/Bookings/New?service={provider.Service.Id}&start=2030-01-08T07%3A00%3A00Z\" class=\"slot-button\" aria-label=\"Book Tue 8 Jan at 08:00\">08:00</a>", html);
        Assert.Contains("hx-get=\"/Services/" + provider.Service.Id + "?week=2030-01-14\"", html);
        Assert.Contains("hx-target=\"#calendar\"", html);
        Assert.Contains("hx-push-url=\"true\"", html);
    }

    [Fact]
    public async Task Anonymous_visitors_see_the_calendar_and_are_asked_to_sign_in_to_book()
    {
        var provider = await factory.CreateProviderAsync();

        var html = WebUtility.HtmlDecode(await factory.Anonymous().GetStringAsync($"/Services/{provider.Service.Id}"));

        Assert.Contains("Times in Europe/Berlin", html);
        Assert.Contains($"href=\"/Account/Login?ReturnUrl=%2FBookings%2FNew%3Fservice%3D{provider.Service.Id}%26start%3D2030-01-08T07%253A00%253A00Z\"", html);
    }

    [Fact]
    public async Task Htmx_request_for_the_next_week_returns_only_the_calendar_partial()
    {
        var provider = await factory.CreateProviderAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/Services/{provider.Service.Id}?week=2030-01-14");
        request.Headers.Add("HX-Request", "true");

        var response = await factory.Anonymous().SendAsync(request);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<html", html);
        Assert.DoesNotContain("Latest reviews", html);
        Assert.Contains("data-week=\"2030-01-14\"", html);
        Assert.Contains("Mon 14 Jan", html);
        Assert.Contains("Previous week", html);
        Assert.Contains("HX-Request", response.Headers.Vary);
    }

    [Fact]
    public async Task Unknown_service_is_404()
    {
        var response = await factory.Anonymous().GetAsync("/Services/987654");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
