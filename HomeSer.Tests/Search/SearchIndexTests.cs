using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Admin;
using HomeSer.Web.Features.Search;
using Microsoft.Extensions.DependencyInjection;

namespace HomeSer.Tests.Search;

/// <summary>
/// The in-memory search index answers exactly as the database and follows every catalog change at once: each change is
/// made through the app's own services (which announce it after commit), never by writing the database.
/// </summary>
public sealed class SearchIndexTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    private static string NewCategory() => $"ix-{Guid.NewGuid():N}"[..20];

    /// <summary>The search through the index, after checking the database path gives the same answer.</summary>
    private async Task<SearchPage> SearchAsync(SearchQuery query)
    {
        var fromIndex = await RunAsync(query, useIndex: true);
        var fromDatabase = await RunAsync(query, useIndex: false);
        Assert.Equal(JsonSerializer.Serialize(fromDatabase), JsonSerializer.Serialize(fromIndex));
        return fromIndex;
    }

    private async Task<SearchPage> RunAsync(SearchQuery query, bool useIndex)
    {
        await using var scope = factory.Scope();
        var search = scope.ServiceProvider.GetRequiredService<SearchService>();
        search.UseIndex = useIndex;
        var result = await search.SearchAsync(query, CancellationToken.None);
        Assert.Null(result.Error);
        return result.Value!;
    }

    private static SearchQuery InBerlin(string category, string? q = null) => new("Berlin", category, null, null, null, null, q);

    private static async Task OkAsync(HttpResponseMessage response) =>
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");

    [Fact]
    public async Task Booking_counters_a_review_and_a_price_change_show_in_the_next_search()
    {
        var category = NewCategory();
        var rated = await factory.CreateProviderAsync(categorySlug: category);
        await factory.CreateProviderAsync(categorySlug: category, latitude: 52.53);
        await factory.AnnounceCatalogChangedAsync();
        var before = await SearchAsync(InBerlin(category));
        Assert.Equal(0, before.Results.Single(r => r.ProviderId == rated.Profile.Id).ReviewCount);

        // Confirm and complete a booking (ProviderStats counts both), then review it.
        var customerUser = await factory.CreateUserAsync(Roles.Customer);
        var customer = await factory.ClientForAsync(customerUser.Email!);
        var providerClient = await factory.ClientForAsync(rated.User.Email!);
        var booked = await customer.PostAsJsonAsync("/api/bookings/bookings/",
            new { service = rated.Service.Id, provider = rated.Profile.Id, start_time = new DateTime(2030, 1, 8, 9, 0, 0, DateTimeKind.Utc) });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var booking = (await booked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        factory.Clock.Advance(TimeSpan.FromMinutes(30));
        await OkAsync(await providerClient.PostAsJsonAsync($"/api/bookings/bookings/{booking}/confirm/", new { }));
        await SearchAsync(InBerlin(category));
        factory.Clock.Advance(TimeSpan.FromHours(30));
        providerClient = await factory.ClientForAsync(rated.User.Email!);
        customer = await factory.ClientForAsync(customerUser.Email!);
        await OkAsync(await providerClient.PostAsJsonAsync($"/api/bookings/bookings/{booking}/start/", new { }));
        await OkAsync(await providerClient.PostAsJsonAsync($"/api/bookings/bookings/{booking}/complete/", new { }));
        await SearchAsync(InBerlin(category));

        await OkAsync(await customer.PostAsJsonAsync($"/api/bookings/bookings/{booking}/review/", new { rating = 2, comment = "Late." }));
        var reviewed = (await SearchAsync(InBerlin(category))).Results.Single(r => r.ProviderId == rated.Profile.Id);
        Assert.Equal((1, 2.0), (reviewed.ReviewCount, reviewed.Rating));

        await OkAsync(await providerClient.PatchAsJsonAsync($"/api/providers/me/services/{rated.Service.Id}/", new { price_cents = 1234 }));
        var repriced = (await SearchAsync(InBerlin(category))).Results.Single(r => r.ProviderId == rated.Profile.Id);
        Assert.Equal(1234, repriced.PriceCents);

        await OkAsync(await providerClient.PatchAsJsonAsync($"/api/providers/me/services/{rated.Service.Id}/", new { is_active = false }));
        Assert.DoesNotContain((await SearchAsync(InBerlin(category))).Results, r => r.ProviderId == rated.Profile.Id);
    }

    [Fact]
    public async Task A_new_service_and_a_moved_service_area_show_in_the_next_search()
    {
        var category = NewCategory();
        var provider = await factory.CreateProviderAsync(categorySlug: category);
        await factory.AnnounceCatalogChangedAsync();
        Assert.Single((await SearchAsync(InBerlin(category))).Results);
        var client = await factory.ClientForAsync(provider.User.Email!);

        await OkAsync(await client.PostAsJsonAsync("/api/providers/me/services/",
            new { category, name = "Boiler service", description = "Yearly check.", price_cents = 12000, duration_minutes = 90 }));
        var page = await SearchAsync(InBerlin(category, q: "BOILER"));
        Assert.Equal("Boiler service", Assert.Single(page.Results).ServiceName);

        var schedule = await (await client.GetAsync("/api/providers/me/schedule/")).Content.ReadFromJsonAsync<JsonElement>();
        await OkAsync(await client.PutAsJsonAsync("/api/providers/me/schedule/", new
        {
            timezone = "Europe/Berlin",
            weekly_hours = schedule.GetProperty("weekly_hours"),
            service_area = new { city = "Hamburg", latitude = 53.55, longitude = 9.99, radius_km = 30 },
        }));
        Assert.Empty((await SearchAsync(InBerlin(category))).Results);
        Assert.Equal(2, (await SearchAsync(new SearchQuery("Hamburg", category, null, null, null, null, null))).Results.Count);
    }

    [Fact]
    public async Task Verification_a_role_change_and_a_category_rename_show_in_the_next_search()
    {
        var category = NewCategory();
        var pending = await factory.CreateProviderAsync(categorySlug: category, verified: false);
        var verified = await factory.CreateProviderAsync(categorySlug: category);
        var adminUser = await factory.CreateUserAsync(Roles.Admin);
        var admin = new Actor(adminUser.Id, false, false, true, null);
        await factory.AnnounceCatalogChangedAsync();
        Assert.Equal([verified.Profile.Id], (await SearchAsync(InBerlin(category))).Results.Select(r => r.ProviderId));

        await using (var scope = factory.Scope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<AdminService>().VerifyProviderAsync(admin, pending.Profile.Id, CancellationToken.None);
            Assert.Null(result.Error);
        }
        Assert.Equal(2, (await SearchAsync(InBerlin(category))).Results.Count);

        await using (var scope = factory.Scope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<AdminService>().ChangeRoleAsync(admin, verified.User.Id, Roles.Customer, CancellationToken.None);
            Assert.Null(result.Error);
        }
        Assert.Equal([pending.Profile.Id], (await SearchAsync(InBerlin(category))).Results.Select(r => r.ProviderId));

        await using (var scope = factory.Scope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<AdminService>()
                .UpdateCategoryAsync(pending.Service.CategoryId, new CategoryInput("Réparations Ärger", category, "Renamed.", 5), CancellationToken.None);
            Assert.Null(result.Error);
        }
        Assert.Equal("Réparations Ärger", Assert.Single((await SearchAsync(InBerlin(category))).Results).CategoryName);
    }

    [Fact]
    public async Task A_missed_change_shows_once_the_index_is_older_than_its_maximum_age()
    {
        var category = NewCategory();
        var provider = await factory.CreateProviderAsync(categorySlug: category);
        await factory.AnnounceCatalogChangedAsync();
        Assert.Equal(8900, Assert.Single((await SearchAsync(InBerlin(category))).Results).PriceCents);
        // Written past the services, so no event: the index cannot know until it is rebuilt.
        await factory.WithDbAsync(async db =>
        {
            (await db.Services.FindAsync(provider.Service.Id))!.PriceCents = 4500;
            return await db.SaveChangesAsync();
        });
        Assert.Equal(8900, Assert.Single((await RunAsync(InBerlin(category), useIndex: true)).Results).PriceCents);

        var index = factory.Services.GetRequiredService<SearchIndex>();
        index.MaxAge = TimeSpan.Zero;
        try
        {
            Assert.Equal(4500, Assert.Single((await SearchAsync(InBerlin(category))).Results).PriceCents);
        }
        finally
        {
            index.MaxAge = SearchIndex.DefaultMaxAge;
        }
    }

    [Theory]
    [InlineData("ärger")]
    [InlineData("ÄRGER")]
    [InlineData("rger")]
    [InlineData("RÉPARATIONS")]
    [InlineData("réparations")]
    [InlineData("CAFÉ")]
    [InlineData("café")]
    [InlineData("Cafe")]
    [InlineData("100%")]
    [InlineData("a_b")]
    [InlineData("a\\b")]
    [InlineData("k")]
    public async Task Q_matches_as_sqlite_lower_and_like_do(string q)
    {
        var category = NewCategory();
        var provider = await factory.CreateProviderAsync(categorySlug: category);
        await factory.CreateProviderAsync(categorySlug: category);
        await factory.WithDbAsync(async db =>
        {
            var service = (await db.Services.FindAsync(provider.Service.Id))!;
            service.Name = "Café Ärger réparations";
            service.Description = "100% sure, a_b and a\\b; Kelvin \u212A.";
            return await db.SaveChangesAsync();
        });
        await factory.AnnounceCatalogChangedAsync();

        // The comparison with the database path is the assertion; the index must not find more or fewer.
        await SearchAsync(new SearchQuery(null, null, null, null, null, null, q, 1, SearchQuery.MaxPageSize));
        await SearchAsync(InBerlin(category, q));
    }

    [Fact]
    public void Text_match_folds_only_ascii_letters()
    {
        Assert.True(TextMatch.Contains("Café Ärger", "caf"));
        Assert.True(TextMatch.Contains("Café Ärger", "café"));
        Assert.False(TextMatch.Contains("CAFÉ", "café"));
        Assert.False(TextMatch.Contains("Ärger", "ärger"));
        Assert.True(TextMatch.Contains("anything", ""));
        Assert.False(TextMatch.Contains("ab", "abc"));
    }
}
