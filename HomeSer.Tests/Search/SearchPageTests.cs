using System.Net;
using System.Net.Http.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;

namespace HomeSer.Tests.Search;

public sealed class SearchPageTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    private static string NewCategory() => $"page-{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task A_normal_request_gets_the_full_page_with_results()
    {
        var category = NewCategory();
        var provider = await factory.CreateProviderAsync(categorySlug: category);

        var response = await (await factory.SearchClientAsync()).GetAsync($"/Search?location=Berlin&category={category}&date=2030-01-08");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html", html);
        Assert.Contains("id=\"results\"", html);
        Assert.Contains($"href=\"/Services/{provider.Service.Id}\"", html);
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains("€89.00", text);
        Assert.Contains("37 free times tomorrow", text);
        Assert.Contains("Times in Berlin time", text);
        Assert.Contains("data-viewer-time>08:00</time></a>", text);
        Assert.Contains("hx-get=\"/Search\"", html);
        Assert.Contains("hx-target=\"#results\"", html);
        Assert.Contains("hx-push-url=\"true\"", html);
        Assert.Contains("hx-trigger=\"submit, change\"", html);
        Assert.Contains("hx-indicator=\"#searching\"", html);
        Assert.Contains("<label for=\"search-date\">Date</label>", html);
    }

    [Fact]
    public async Task A_provider_in_the_searched_city_is_in_berlin_and_its_next_free_time_books_from_the_card()
    {
        var category = NewCategory();
        var provider = await factory.CreateProviderAsync(categorySlug: category);
        var far = await factory.CreateProviderAsync(categorySlug: category, latitude: 52.535, longitude: 13.20, city: "Spandau");

        var html = WebUtility.HtmlDecode(await (await factory.SearchClientAsync()).GetStringAsync($"/Search?location=Berlin&category={category}&date=2030-01-08"));

        Assert.Contains(" · in Berlin</span>", html);
        Assert.Matches(@" · 1[34] km from Berlin</span>", html);
        Assert.DoesNotContain("0.0 km away", html);
        Assert.Contains($"href=\"/Bookings/New?service={provider.Service.Id}&start=2030-01-08T07%3A00%3A00Z\"", html);
        Assert.Contains($"/Bookings/New?service={far.Service.Id}&start=", html);
    }

    [Fact]
    public async Task An_htmx_request_gets_only_the_results_partial()
    {
        var category = NewCategory();
        var provider = await factory.CreateProviderAsync(categorySlug: category);
        var request = new HttpRequestMessage(HttpMethod.Get, $"/Search?location=Berlin&category={category}");
        request.Headers.Add("HX-Request", "true");

        var response = await (await factory.SearchClientAsync()).SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<html", html);
        Assert.Contains($"href=\"/Services/{provider.Service.Id}\"", html);
        Assert.Contains("HX-Request", response.Headers.Vary);
    }

    [Fact]
    public async Task An_unknown_place_is_shown_next_to_the_field()
    {
        var html = await (await factory.SearchClientAsync()).GetStringAsync("/Search?location=Atlantis");

        Assert.Matches("id=\"location-error\" class=\"field-error\">Unknown place &#x27;Atlantis&#x27;", html);
    }

    [Fact]
    public async Task An_htmx_request_with_an_error_swaps_the_field_error_out_of_band()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/Search?location=Atlantis");
        request.Headers.Add("HX-Request", "true");

        var html = await (await (await factory.SearchClientAsync()).SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains("id=\"location-error\" class=\"field-error\" hx-swap-oob=\"true\">Unknown place", html);
    }

    [Fact]
    public async Task User_text_is_encoded()
    {
        var html = await (await factory.SearchClientAsync()).GetStringAsync("/Search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");

        Assert.DoesNotContain("<script>alert(1)", html);
    }

    [Fact]
    public async Task No_results_suggests_widening_the_search()
    {
        var html = await (await factory.SearchClientAsync()).GetStringAsync($"/Search?q=nothing-matches-{Guid.NewGuid():N}");

        Assert.Contains("No services found", html);
        Assert.Contains("Try widening the search", html);
    }

    [Fact]
    public async Task A_fully_booked_day_says_so_and_names_the_first_free_time_after_it()
    {
        var category = NewCategory();
        await factory.CreateProviderAsync(categorySlug: category);

        // Sunday: the provider works Monday to Saturday.
        var text = WebUtility.HtmlDecode(await (await factory.SearchClientAsync()).GetStringAsync($"/Search?location=Berlin&category={category}&date=2030-01-13"));

        Assert.Contains("Fully booked on Sun 13 Jan 2030 · first free Mon 14 Jan, 08:00", text);
        Assert.Contains("Next free times:", text);
        Assert.DoesNotContain("0 free", text);
    }

    [Fact]
    public async Task A_card_says_when_the_customers_home_is_outside_the_providers_service_area()
    {
        var category = NewCategory();
        var central = await factory.CreateProviderAsync(categorySlug: category);
        var southWest = await factory.CreateProviderAsync(categorySlug: category, latitude: 52.45, longitude: 13.15, city: "Zehlendorf");
        var customer = await factory.CreateUserAsync(Roles.Customer);
        var api = await factory.ClientForAsync(customer.Email!);
        var home = await api.PutAsJsonAsync("/api/auth/me/address/", new { street = "Breite Straße 1", postal_code = "14467", city = "Potsdam", lat = 52.39, lng = 13.06 });
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        await factory.AnnounceCatalogChangedAsync();
        var browser = await factory.SignedInAsync(customer.Email!);

        var text = WebUtility.HtmlDecode(await browser.GetStringAsync($"/Search?location=Berlin&category={category}&date=2030-01-08"));

        Assert.Contains($"Does not come to your home: Potsdam is 27 km from {central.Profile.DisplayName}'s base, outside their service area.", text);
        Assert.DoesNotContain($"/Bookings/New?service={central.Service.Id}&", text);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "Does not come to your home"));
        Assert.Contains($"/Bookings/New?service={southWest.Service.Id}&", text);
    }

    [Fact]
    public async Task A_day_fully_booked_today_names_tomorrows_first_free_time()
    {
        var category = NewCategory();
        var provider = await factory.CreateProviderAsync(categorySlug: category);
        // The clock stands at Monday 09:00 in Berlin; time off for the rest of the day leaves nothing free today.
        await factory.WithDbAsync(async db =>
        {
            db.TimeOff.Add(new HomeSer.Web.Features.Scheduling.TimeOff { ProviderId = provider.Profile.Id, StartUtc = new DateTime(2030, 1, 7, 7, 0, 0, DateTimeKind.Utc), EndUtc = new DateTime(2030, 1, 7, 23, 0, 0, DateTimeKind.Utc), Reason = "" });
            return await db.SaveChangesAsync();
        });

        var text = WebUtility.HtmlDecode(await (await factory.SearchClientAsync()).GetStringAsync($"/Search?location=Berlin&category={category}&date=2030-01-07"));

        Assert.Contains("Fully booked today · first free tomorrow, 08:00", text);
    }
}
