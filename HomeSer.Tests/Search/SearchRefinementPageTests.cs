using System.Net;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Features.Scheduling;

namespace HomeSer.Tests.Search;

/// <summary>The search page's sort, filters and bookable first free times (the API's contract has none of them).</summary>
public sealed class SearchRefinementPageTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    private const string Tuesday = "2030-01-08";

    private static string NewCategory() => $"refine-{Guid.NewGuid():N}"[..20];

    private async Task<string> SearchPageAsync(string query) =>
        WebUtility.HtmlDecode(await (await factory.SearchClientAsync()).GetStringAsync($"/Search?location=Berlin&date={Tuesday}&{query}"));

    private Task UpdateProviderAsync(int id, Action<ProviderProfile> change) => factory.WithDbAsync(async db =>
    {
        change((await db.Providers.FindAsync(id))!);
        return await db.SaveChangesAsync();
    });

    private Task SetPriceAsync(int serviceId, long cents) => factory.WithDbAsync(async db =>
    {
        (await db.Services.FindAsync(serviceId))!.PriceCents = cents;
        return await db.SaveChangesAsync();
    });

    private Task TakeTuesdayOffAsync(int providerId) => factory.WithDbAsync(async db =>
    {
        db.TimeOff.Add(new TimeOff
        {
            ProviderId = providerId,
            StartUtc = new DateTime(2030, 1, 7, 0, 0, 0, DateTimeKind.Utc),
            EndUtc = new DateTime(2030, 1, 9, 0, 0, 0, DateTimeKind.Utc),
            Reason = "Holiday",
        });
        return await db.SaveChangesAsync();
    });

    /// <summary>Service ids in the order the cards show them.</summary>
    private static List<int> CardOrder(string html, params TestData.ProviderSetup[] providers) => providers
        .Select(p => (p.Service.Id, At: html.IndexOf($"href=\"/Services/{p.Service.Id}\"", StringComparison.Ordinal)))
        .Where(p => p.At >= 0)
        .OrderBy(p => p.At)
        .Select(p => p.Id)
        .ToList();

    [Fact]
    public async Task Sorting_by_price_lists_the_cheapest_first()
    {
        var category = NewCategory();
        var dear = await factory.CreateProviderAsync(categorySlug: category, latitude: 52.521);
        var cheap = await factory.CreateProviderAsync(categorySlug: category, latitude: 52.60);
        await SetPriceAsync(cheap.Service.Id, 4500);

        var html = await SearchPageAsync($"category={category}&sort=price");

        Assert.Equal([cheap.Service.Id, dear.Service.Id], CardOrder(html, dear, cheap));
        Assert.Contains("lowest price first", html);
        Assert.Contains("<option value=\"price\" selected=\"selected\">Lowest price</option>", html);
    }

    [Fact]
    public async Task Sorting_by_rating_lists_the_best_rated_first()
    {
        var category = NewCategory();
        var fair = await factory.CreateProviderAsync(categorySlug: category);
        var great = await factory.CreateProviderAsync(categorySlug: category, latitude: 52.60);
        await UpdateProviderAsync(fair.Profile.Id, p => (p.RatingSum, p.ReviewCount) = (30, 10));
        await UpdateProviderAsync(great.Profile.Id, p => (p.RatingSum, p.ReviewCount) = (49, 10));

        var html = await SearchPageAsync($"category={category}&sort=rating");

        Assert.Equal([great.Service.Id, fair.Service.Id], CardOrder(html, fair, great));
    }

    [Fact]
    public async Task Sorting_by_soonest_lists_the_first_free_first()
    {
        var category = NewCategory();
        var away = await factory.CreateProviderAsync(categorySlug: category);
        var free = await factory.CreateProviderAsync(categorySlug: category, latitude: 52.60);
        await UpdateProviderAsync(away.Profile.Id, p => (p.RatingSum, p.ReviewCount) = (1000, 200));
        await TakeTuesdayOffAsync(away.Profile.Id);

        var best = await SearchPageAsync($"category={category}&sort=rating");
        var soonest = await SearchPageAsync($"category={category}&sort=soonest");

        Assert.Equal([away.Service.Id, free.Service.Id], CardOrder(best, away, free));
        Assert.Equal([free.Service.Id, away.Service.Id], CardOrder(soonest, away, free));
    }

    [Fact]
    public async Task A_price_range_keeps_only_services_inside_it()
    {
        var category = NewCategory();
        var cheap = await factory.CreateProviderAsync(categorySlug: category);
        var middle = await factory.CreateProviderAsync(categorySlug: category);
        var dear = await factory.CreateProviderAsync(categorySlug: category);
        await SetPriceAsync(cheap.Service.Id, 2000);
        await SetPriceAsync(middle.Service.Id, 6000);
        await SetPriceAsync(dear.Service.Id, 15000);

        var html = await SearchPageAsync($"category={category}&price_min=50&price_max=100");

        Assert.Equal([middle.Service.Id], CardOrder(html, cheap, middle, dear));
        Assert.Contains("1 service for Tue 8 Jan 2030", html);
        Assert.Contains("value=\"50\"", html);
    }

    [Fact]
    public async Task A_minimum_rating_leaves_out_lower_rated_and_unrated_providers()
    {
        var category = NewCategory();
        var unrated = await factory.CreateProviderAsync(categorySlug: category);
        var low = await factory.CreateProviderAsync(categorySlug: category);
        var high = await factory.CreateProviderAsync(categorySlug: category);
        await UpdateProviderAsync(low.Profile.Id, p => (p.RatingSum, p.ReviewCount) = (7, 2));
        await UpdateProviderAsync(high.Profile.Id, p => (p.RatingSum, p.ReviewCount) = (9, 2));

        var html = await SearchPageAsync($"category={category}&rating=4");

        Assert.Equal([high.Service.Id], CardOrder(html, unrated, low, high));
    }

    [Fact]
    public async Task Free_on_the_date_leaves_out_providers_without_free_time_that_day()
    {
        var category = NewCategory();
        var away = await factory.CreateProviderAsync(categorySlug: category);
        var free = await factory.CreateProviderAsync(categorySlug: category);
        await TakeTuesdayOffAsync(away.Profile.Id);

        var all = await SearchPageAsync($"category={category}");
        var onlyFree = await SearchPageAsync($"category={category}&available=1");

        Assert.Equal(2, CardOrder(all, away, free).Count);
        Assert.Equal([free.Service.Id], CardOrder(onlyFree, away, free));
        Assert.Contains("id=\"search-available\" type=\"checkbox\" name=\"available\" value=\"1\" checked=\"checked\"", onlyFree);
    }

    [Fact]
    public async Task A_card_offers_the_first_three_free_times_each_opening_the_booking_form_at_that_start()
    {
        var category = NewCategory();
        var provider = await factory.CreateProviderAsync(categorySlug: category);

        var html = await SearchPageAsync($"category={category}");

        foreach (var (utc, local) in new[] { ("07%3A00", "08:00"), ("07%3A15", "08:15"), ("07%3A30", "08:30") })
        {
            Assert.Contains($"href=\"/Bookings/New?service={provider.Service.Id}&start=2030-01-08T{utc}%3A00Z\"", html);
            Assert.Contains($"data-viewer-time>{local}</time>", html);
        }
        Assert.DoesNotContain($"start=2030-01-08T07%3A45%3A00Z", html);
    }

    [Fact]
    public async Task A_card_free_only_on_a_later_day_names_that_day()
    {
        var category = NewCategory();
        var away = await factory.CreateProviderAsync(categorySlug: category);
        await TakeTuesdayOffAsync(away.Profile.Id);

        var html = await SearchPageAsync($"category={category}");

        Assert.Contains("data-viewer-time>Wed 9 Jan, 08:00</time>", html);
        Assert.Contains($"href=\"/Bookings/New?service={away.Service.Id}&start=2030-01-09T07%3A00%3A00Z\"", html);
    }

    [Fact]
    public async Task A_bad_price_is_named_with_the_form_label_next_to_the_field_and_in_a_linked_summary()
    {
        var response = await (await factory.SearchClientAsync()).GetAsync("/Search?location=Berlin&price_min=cheap&price_max=-3");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"price_min-error\" class=\"field-error\">Lowest price must be an amount in euros", html);
        Assert.Contains("id=\"price_max-error\" class=\"field-error\">Highest price must be an amount in euros", html);
        Assert.Contains("<a href=\"#search-price-min\">Lowest price</a>", html);
        Assert.DoesNotContain("price_min need", html);
    }

    [Fact]
    public async Task A_lowest_price_above_the_highest_is_an_error_on_the_highest()
    {
        var html = WebUtility.HtmlDecode(await (await factory.SearchClientAsync()).GetStringAsync("/Search?price_min=90&price_max=40"));

        Assert.Contains("id=\"price_max-error\" class=\"field-error\">Highest price must not be below the lowest price.", html);
    }

    [Fact]
    public async Task A_search_with_no_match_under_its_filters_offers_to_clear_them_and_keeps_the_rest()
    {
        var category = NewCategory();
        await factory.CreateProviderAsync(categorySlug: category);

        var html = await SearchPageAsync($"category={category}&sort=price&price_max=10");

        Assert.Contains("No services found", html);
        Assert.Contains($"href=\"/Search?location=Berlin&date={Tuesday}&category={category}&sort=price\"", html);
        Assert.Contains("Clear the filters", html);
    }

    [Fact]
    public async Task The_pager_keeps_the_sort_and_filters()
    {
        var category = NewCategory();
        for (var i = 0; i <= Web.Features.Search.SearchQuery.DefaultPageSize; i++)
        {
            await factory.CreateProviderAsync(categorySlug: category);
        }

        var html = await SearchPageAsync($"category={category}&sort=price&available=1");

        Assert.Matches("<a href=\"/Search\\?[^\"]*sort=price&available=1&page=2\"[^>]*rel=\"next\"", html);
    }

    [Fact]
    public async Task The_api_search_ignores_the_page_only_sort_and_filters()
    {
        var category = NewCategory();
        var dear = await factory.CreateProviderAsync(categorySlug: category, latitude: 52.521);
        var cheap = await factory.CreateProviderAsync(categorySlug: category, latitude: 52.60);
        await SetPriceAsync(cheap.Service.Id, 4500);
        var client = await factory.SearchClientAsync();

        var plain = await client.GetStringAsync($"/api/services/intelligent-search/?location=Berlin&category={category}&date={Tuesday}");
        var sorted = await client.GetStringAsync($"/api/services/intelligent-search/?location=Berlin&category={category}&date={Tuesday}&sort=price&price_max=50");

        Assert.Equal(plain, sorted);
        Assert.Contains($"\"id\":{dear.Service.Id}", sorted);
    }
}
