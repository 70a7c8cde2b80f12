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

        var response = await client.GetAsync($"/Services/{provider.Service.Id}?day=2030-01-08");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html", html);
        Assert.Contains("Leak repair", html);
        Assert.Contains("€89.00", html);
        Assert.Contains("Times in Berlin time", html);
        Assert.Contains("Tue 8 Jan", html);
        // 08:00 in Berlin is 07:00 UTC in winter: the label is local, the link carries the UTC instant.
        Assert.Contains($"href=\"/Bookings/New?service={provider.Service.Id}&start=2030-01-08T07%3A00%3A00Z\" class=\"slot-button\" aria-label=\"Book Tue 8 Jan at 08:00\"><time datetime=\"2030-01-08T07:00:00Z\" data-viewer-time>08:00</time></a>", html);
        Assert.Contains("hx-get=\"/Services/" + provider.Service.Id + "?week=2030-01-14\"", html);
        Assert.Contains("hx-target=\"#calendar\"", html);
        Assert.Contains("hx-push-url=\"true\"", html);
    }

    [Fact]
    public async Task Anonymous_visitors_see_the_calendar_and_are_asked_to_sign_in_to_book()
    {
        var provider = await factory.CreateProviderAsync();

        var html = WebUtility.HtmlDecode(await factory.Anonymous().GetStringAsync($"/Services/{provider.Service.Id}?day=2030-01-08"));

        Assert.Contains("Times in Berlin time", html);
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

    [Fact]
    public async Task The_day_strip_counts_each_days_free_times_and_lists_only_the_first_free_day()
    {
        var provider = await factory.CreateProviderAsync();
        var (client, _) = await factory.NewCustomerClientAsync();

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/Services/{provider.Service.Id}"));

        // Monday from 10:00 (an hour's notice after 09:00 Berlin) to the 17:00 start that ends at closing: 29 starts; Tuesday 08:00-17:00: 37.
        Assert.Contains($"href=\"/Services/{provider.Service.Id}?week=2030-01-07&day=2030-01-07\"", html);
        Assert.Contains("aria-current=\"date\" aria-label=\"Mon 7 Jan, 29 free times\"", html);
        Assert.Contains("aria-label=\"Tue 8 Jan, 37 free times\"", html);
        Assert.Contains("aria-label=\"Sun 13 Jan, no free time\"", html);
        Assert.Contains("aria-label=\"Book Mon 7 Jan at 10:00\"", html);
        Assert.DoesNotContain("aria-label=\"Book Tue 8 Jan", html);
    }

    [Fact]
    public async Task The_chosen_days_times_are_grouped_into_morning_afternoon_and_evening()
    {
        var provider = await factory.CreateProviderAsync();
        var (client, _) = await factory.NewCustomerClientAsync();

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/Services/{provider.Service.Id}?day=2030-01-08"));

        var morning = html.IndexOf(">Morning</h4>", StringComparison.Ordinal);
        var afternoon = html.IndexOf(">Afternoon</h4>", StringComparison.Ordinal);
        var evening = html.IndexOf(">Evening</h4>", StringComparison.Ordinal);
        Assert.True(morning > 0 && afternoon > morning && evening > afternoon, "morning, afternoon and evening follow each other");
        var eleven = html.IndexOf("Book Tue 8 Jan at 11:45", StringComparison.Ordinal);
        var noon = html.IndexOf("Book Tue 8 Jan at 12:00", StringComparison.Ordinal);
        var five = html.IndexOf("Book Tue 8 Jan at 17:00", StringComparison.Ordinal);
        Assert.True(eleven > morning && eleven < afternoon, "11:45 is in the morning");
        Assert.True(noon > afternoon && noon < evening, "12:00 is in the afternoon");
        Assert.True(five > evening, "17:00 is in the evening");
    }

    [Fact]
    public async Task The_first_free_time_is_one_click_from_the_top_of_the_calendar()
    {
        var provider = await factory.CreateProviderAsync();
        var (client, _) = await factory.NewCustomerClientAsync();

        var thisWeek = WebUtility.HtmlDecode(await client.GetStringAsync($"/Services/{provider.Service.Id}?day=2030-01-10"));
        var nextWeek = WebUtility.HtmlDecode(await client.GetStringAsync($"/Services/{provider.Service.Id}?week=2030-01-14"));

        Assert.Contains($"<a href=\"/Bookings/New?service={provider.Service.Id}&start=2030-01-07T09%3A00%3A00Z\" class=\"button-link\">First free time: Mon 7 Jan at 10:00</a>", thisWeek);
        Assert.Contains("First free time this week: Mon 14 Jan at 08:00", nextWeek);
    }
}
