using System.Globalization;
using System.Net;
using System.Text.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Data;
using HomeSer.Web.Features.Search;
using Microsoft.Extensions.DependencyInjection;

namespace HomeSer.Tests.Search;

/// <summary>The app over a generated marketplace (600 providers in the gazetteer's cities, bookings and reviews).</summary>
public sealed class GeneratedMarketFactory : HomeSerFactory, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        _ = Services; // starts the app, which migrates the database
        var connectionString = $"Data Source={DatabasePath}";
        await LargeSeeder.PrepareAsync(connectionString, CancellationToken.None);
        var today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
        LargeSeeder.Seed(connectionString, new LargeSeedOptions(Providers: 600, Services: 3000, Bookings: 8000, Customers: 200, Seed: 11, today), _ => { });
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>Caching and pruning change how fast search answers, never what it answers.</summary>
public sealed class SearchCacheTests(GeneratedMarketFactory factory) : IClassFixture<GeneratedMarketFactory>
{
    private static readonly string[] Cities = ["Berlin", "Hamburg", "Munich", "Paris", "Vienna"];
    private static readonly string[] Categories = ["plumbing", "cleaning", "electrical"];

    private static string Day(int offset) => new DateOnly(2030, 1, 7).AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Search_answers_the_same_with_a_cold_and_a_warm_cache()
    {
        var client = factory.CreateClient();
        foreach (var city in Cities)
        {
            foreach (var category in Categories.Append(""))
            {
                // A date no other test searches: the first answer is computed with nothing cached.
                var url = $"/api/services/intelligent-search/?location={city}&category={category}&date={Day(9)}";
                var cold = await client.GetAsync(url);
                Assert.Equal(HttpStatusCode.OK, cold.StatusCode);
                var coldBody = await cold.Content.ReadAsStringAsync();

                var warmBody = await client.GetStringAsync(url);

                Assert.Equal(coldBody, warmBody);
            }
        }
    }

    [Fact]
    public async Task Pruning_by_the_free_time_bound_returns_exactly_the_full_ranking()
    {
        var compared = 0;
        foreach (var city in Cities)
        {
            foreach (var category in Categories.Append(null))
            {
                foreach (var (page, pageSize) in new[] { (1, 20), (2, 20), (1, 5), (4, 10) })
                {
                    var query = new SearchQuery(city, category, new DateOnly(2030, 1, 8), null, null, null, null, page, pageSize);
                    // Unpruned first: it scores every candidate cold, so the pruned search reads what it stored.
                    var full = await SearchAsync(query, prune: false);
                    var pruned = await SearchAsync(query, prune: true);

                    Assert.Equal(full.Json, pruned.Json);
                    compared += full.Results >= pageSize ? 1 : 0;
                }
            }
        }
        Assert.True(compared > 20, $"The generated market should give full pages to compare; {compared} were full.");
    }

    private async Task<(string Json, int Results)> SearchAsync(SearchQuery query, bool prune)
    {
        await using var scope = factory.Scope();
        var search = scope.ServiceProvider.GetRequiredService<SearchService>();
        search.PruneByBound = prune;
        var result = await search.SearchAsync(query, CancellationToken.None);
        Assert.Null(result.Error);
        return (JsonSerializer.Serialize(result.Value), result.Value!.Results.Count);
    }
}
