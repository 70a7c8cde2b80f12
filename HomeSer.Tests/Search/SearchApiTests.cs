using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Features.Scheduling;

namespace HomeSer.Tests.Search;

/// <summary>The intelligent search through HTTP over a real database; each test uses a category of its own.</summary>
public sealed class SearchApiTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    private const string Berlin = "52.52,13.405";
    private const string Tuesday = "2030-01-08";

    private static string NewCategory() => $"cat-{Guid.NewGuid():N}"[..20];

    private async Task<JsonElement> SearchAsync(string query)
    {
        var response = await (await factory.SearchClientAsync()).GetAsync($"/api/services/intelligent-search/?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<int> ProviderIds(JsonElement page) =>
        page.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("provider").GetProperty("id").GetInt32()).ToList();

    private Task UpdateProviderAsync(int id, Action<ProviderProfile> change) => factory.WithDbAsync(async db =>
    {
        var provider = await db.Providers.FindAsync(id);
        change(provider!);
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task A_closer_equal_provider_ranks_higher()
    {
        var category = NewCategory();
        var far = await factory.CreateProviderAsync(latitude: 52.70, longitude: 13.405, categorySlug: category);
        var near = await factory.CreateProviderAsync(latitude: 52.53, longitude: 13.405, categorySlug: category);

        var page = await SearchAsync($"location={Berlin}&category={category}&date={Tuesday}");

        Assert.Equal([near.Profile.Id, far.Profile.Id], ProviderIds(page));
        var first = page.GetProperty("results")[0].GetProperty("provider").GetProperty("distance_km").GetDouble();
        Assert.InRange(first, 1.0, 1.3);
    }

    [Fact]
    public async Task A_provider_with_no_free_time_on_the_date_ranks_below_one_with_free_time()
    {
        var category = NewCategory();
        var away = await factory.CreateProviderAsync(categorySlug: category);
        var free = await factory.CreateProviderAsync(categorySlug: category);
        await factory.WithDbAsync(async db =>
        {
            db.TimeOff.Add(new TimeOff
            {
                ProviderId = away.Profile.Id,
                StartUtc = new DateTime(2030, 1, 7, 0, 0, 0, DateTimeKind.Utc),
                EndUtc = new DateTime(2030, 1, 10, 0, 0, 0, DateTimeKind.Utc),
                Reason = "Holiday",
            });
            return await db.SaveChangesAsync();
        });

        var page = await SearchAsync($"location={Berlin}&category={category}&date={Tuesday}");

        Assert.Equal([free.Profile.Id, away.Profile.Id], ProviderIds(page));
        var results = page.GetProperty("results");
        Assert.True(results[0].GetProperty("available_slots").GetInt32() > 0);
        Assert.Equal("2030-01-08T07:00:00Z", results[0].GetProperty("next_available").GetString());
        Assert.Equal(0, results[1].GetProperty("available_slots").GetInt32());
        // Thursday 08:00 in Berlin, the first working hour after the time off.
        Assert.Equal("2030-01-10T07:00:00Z", results[1].GetProperty("next_available").GetString());
    }

    [Fact]
    public async Task A_single_five_star_review_ranks_below_4_8_from_200_reviews()
    {
        var category = NewCategory();
        var lucky = await factory.CreateProviderAsync(categorySlug: category);
        var proven = await factory.CreateProviderAsync(categorySlug: category);
        await UpdateProviderAsync(lucky.Profile.Id, p => (p.RatingSum, p.ReviewCount) = (5, 1));
        await UpdateProviderAsync(proven.Profile.Id, p => (p.RatingSum, p.ReviewCount) = (960, 200));

        var page = await SearchAsync($"location={Berlin}&category={category}&date={Tuesday}");

        Assert.Equal([proven.Profile.Id, lucky.Profile.Id], ProviderIds(page));
        Assert.Equal(4.8, page.GetProperty("results")[0].GetProperty("provider").GetProperty("rating").GetDouble());
    }

    [Fact]
    public async Task Providers_outside_their_own_service_radius_are_excluded()
    {
        var category = NewCategory();
        var stayHome = await factory.CreateProviderAsync(latitude: 52.82, categorySlug: category);
        var travels = await factory.CreateProviderAsync(latitude: 52.82, categorySlug: category);
        await UpdateProviderAsync(stayHome.Profile.Id, p => p.ServiceRadiusKm = 10);
        await UpdateProviderAsync(travels.Profile.Id, p => p.ServiceRadiusKm = 50);

        var page = await SearchAsync($"location={Berlin}&category={category}");

        Assert.Equal([travels.Profile.Id], ProviderIds(page));
    }

    [Fact]
    public async Task Providers_beyond_the_search_radius_are_excluded()
    {
        var category = NewCategory();
        var hamburg = await factory.CreateProviderAsync(latitude: 53.5511, longitude: 9.9937, categorySlug: category);
        await UpdateProviderAsync(hamburg.Profile.Id, p => p.ServiceRadiusKm = 500);

        var near = await SearchAsync($"location=Berlin&category={category}&radius_km=200");
        var anywhere = await SearchAsync($"category={category}");

        Assert.Empty(ProviderIds(near));
        Assert.Equal([hamburg.Profile.Id], ProviderIds(anywhere));
        Assert.Equal(JsonValueKind.Null, anywhere.GetProperty("results")[0].GetProperty("provider").GetProperty("distance_km").ValueKind);
    }

    [Fact]
    public async Task Unverified_providers_are_excluded()
    {
        var category = NewCategory();
        await factory.CreateProviderAsync(verified: false, categorySlug: category);
        var verified = await factory.CreateProviderAsync(categorySlug: category);

        var page = await SearchAsync($"location=Berlin&category={category}");

        Assert.Equal([verified.Profile.Id], ProviderIds(page));
    }

    [Fact]
    public async Task Category_filters_by_slug_and_by_id()
    {
        var category = NewCategory();
        var other = NewCategory();
        var mine = await factory.CreateProviderAsync(categorySlug: category);
        await factory.CreateProviderAsync(categorySlug: other);

        var bySlug = await SearchAsync($"location=Berlin&category={category}");
        var byId = await SearchAsync($"location=Berlin&category={mine.Service.CategoryId}");

        Assert.Equal([mine.Profile.Id], ProviderIds(bySlug));
        Assert.Equal([mine.Profile.Id], ProviderIds(byId));
        Assert.Equal(category, bySlug.GetProperty("results")[0].GetProperty("service").GetProperty("category").GetProperty("slug").GetString());
    }

    [Fact]
    public async Task Q_matches_service_name_case_insensitively()
    {
        var category = NewCategory();
        var word = $"Zebra{Guid.NewGuid():N}"[..14];
        var match = await factory.CreateProviderAsync(categorySlug: category);
        await factory.CreateProviderAsync(categorySlug: category);
        await factory.WithDbAsync(async db =>
        {
            (await db.Services.FindAsync(match.Service.Id))!.Name = $"{word} gutter cleaning";
            return await db.SaveChangesAsync();
        });

        var page = await SearchAsync($"location=Berlin&q={word.ToLowerInvariant()}");

        Assert.Equal([match.Profile.Id], ProviderIds(page));
        Assert.Equal($"{word} gutter cleaning", page.GetProperty("results")[0].GetProperty("service").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Q_matches_the_category_name()
    {
        var category = NewCategory();
        var provider = await factory.CreateProviderAsync(categorySlug: category);

        var page = await SearchAsync($"q={category.ToUpperInvariant()}");

        Assert.Equal([provider.Profile.Id], ProviderIds(page));
    }

    [Fact]
    public async Task Unknown_location_is_a_400_naming_location_and_the_known_places()
    {
        var response = await (await factory.SearchClientAsync()).GetAsync("/api/services/intelligent-search/?location=Atlantis");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("VALIDATION_ERROR", problem.GetProperty("code").GetString());
        Assert.Contains("Berlin", problem.GetProperty("errors").GetProperty("location")[0].GetString());
    }

    [Theory]
    [InlineData("lat=52.5", "lng")]
    [InlineData("lat=95&lng=13", "lat")]
    [InlineData("lat=52&lng=190", "lng")]
    [InlineData("location=Berlin&radius_km=0", "radius_km")]
    [InlineData("location=Berlin&radius_km=201", "radius_km")]
    [InlineData("category=no-such-category", "category")]
    [InlineData("category=99999", "category")]
    [InlineData("date=2030-01-06", "date")]
    [InlineData("date=tomorrow", "date")]
    [InlineData("page=0", "page")]
    [InlineData("page_size=101", "page_size")]
    [InlineData("lat=north&lng=1", "lat")]
    public async Task Bad_input_is_a_400_naming_the_field(string query, string field)
    {
        var response = await (await factory.SearchClientAsync()).GetAsync($"/api/services/intelligent-search/?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}: {problem}");
    }

    [Fact]
    public async Task Pages_link_to_next_and_previous_keeping_the_other_parameters()
    {
        var category = NewCategory();
        for (var i = 0; i < 3; i++)
        {
            await factory.CreateProviderAsync(latitude: 52.52 + i * 0.01, categorySlug: category);
        }

        var first = await SearchAsync($"location=Berlin&category={category}&page_size=2");
        var next = first.GetProperty("next").GetString()!;
        var second = await (await factory.SearchClientAsync()).GetFromJsonAsync<JsonElement>(next);
        var previous = second.GetProperty("previous").GetString()!;

        Assert.Equal(3, first.GetProperty("count").GetInt32());
        Assert.Equal(2, first.GetProperty("results").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("previous").ValueKind);
        Assert.StartsWith("http://localhost/api/services/intelligent-search", next);
        Assert.Contains($"category={category}", next);
        Assert.Contains("page_size=2", next);
        Assert.Contains("location=Berlin", next);
        Assert.Contains("page=2", next);
        Assert.Equal(1, second.GetProperty("results").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        Assert.Contains("page=1", previous);
        var all = ProviderIds(first).Concat(ProviderIds(second)).ToList();
        Assert.Equal(3, all.Distinct().Count());
    }

    [Fact]
    public async Task A_page_past_the_end_is_empty_and_links_back_to_the_last_page()
    {
        var category = NewCategory();
        await factory.CreateProviderAsync(categorySlug: category);

        var page = await SearchAsync($"category={category}&page=5");

        Assert.Equal(1, page.GetProperty("count").GetInt32());
        Assert.Empty(ProviderIds(page));
        Assert.Contains("page=1", page.GetProperty("previous").GetString());
    }

    [Fact]
    public async Task Results_are_identical_on_two_calls()
    {
        var category = NewCategory();
        for (var i = 0; i < 4; i++)
        {
            // Equal providers at one spot: only the service id can break the tie.
            await factory.CreateProviderAsync(categorySlug: category);
        }
        var client = (await factory.SearchClientAsync());

        var once = await client.GetStringAsync($"/api/services/intelligent-search/?location=Berlin&category={category}");
        var twice = await client.GetStringAsync($"/api/services/intelligent-search?location=Berlin&category={category}");

        Assert.Equal(once, twice);
        var serviceIds = JsonDocument.Parse(once).RootElement.GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("service").GetProperty("id").GetInt32()).ToList();
        Assert.Equal(serviceIds.Order().ToList(), serviceIds);
    }

    [Fact]
    public async Task Result_has_the_contract_shape()
    {
        var category = NewCategory();
        var provider = await factory.CreateProviderAsync(categorySlug: category);

        var page = await SearchAsync($"location=Berlin&category={category}&date={Tuesday}");

        var result = page.GetProperty("results")[0];
        var service = result.GetProperty("service");
        Assert.Equal(provider.Service.Id, service.GetProperty("id").GetInt32());
        Assert.Equal(8900, service.GetProperty("price_cents").GetInt64());
        Assert.Equal("EUR", service.GetProperty("currency").GetString());
        Assert.Equal(60, service.GetProperty("duration_minutes").GetInt32());
        Assert.Equal(provider.Profile.DisplayName, result.GetProperty("provider").GetProperty("display_name").GetString());
        Assert.Equal(0, result.GetProperty("provider").GetProperty("review_count").GetInt32());
        Assert.InRange(result.GetProperty("score").GetDouble(), 0, 1);
        // Tuesday 08:00-18:00 Berlin, 60 minutes on a 15-minute grid: starts 08:00, 08:15 ... 17:00.
        Assert.Equal(37, result.GetProperty("available_slots").GetInt32());
    }
}
