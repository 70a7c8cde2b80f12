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

/// <summary>Caching, pruning and the search index change how fast search answers, never what it answers.</summary>
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

    [Fact]
    public async Task The_search_index_answers_exactly_as_the_database()
    {
        var queries = new List<SearchQuery>();
        foreach (var city in Cities)
        {
            foreach (var category in Categories.Append(null))
            {
                queries.Add(new SearchQuery(city, category, new DateOnly(2030, 1, 8), null, null, null, null, 1, 20));
                queries.Add(new SearchQuery(city, category, new DateOnly(2030, 1, 8), null, null, 15, null, 2, 10));
                queries.Add(new SearchQuery(city, category, new DateOnly(2030, 1, 9), null, null, 200, "repair", 1, 50));
            }
        }
        // Coordinates between cities, on the antimeridian and near a pole (the box wraps or spans every longitude).
        queries.Add(new SearchQuery(null, null, new DateOnly(2030, 1, 8), 51.0, 11.0, 200, null, 1, 100));
        queries.Add(new SearchQuery(null, "cleaning", new DateOnly(2030, 1, 8), 52.6, 13.2, 7.5, null, 1, 100));
        queries.Add(new SearchQuery(null, null, new DateOnly(2030, 1, 8), 0, 179.9, 200, null, 1, 20));
        queries.Add(new SearchQuery(null, null, new DateOnly(2030, 1, 8), 89.5, 0, 200, null, 1, 20));
        // No location: every candidate in the market, and text matching on names, descriptions and category names.
        foreach (var q in new[] { "PLUMB", "clean", "minutes", "about 9", "%", "_", "zzz" })
        {
            queries.Add(new SearchQuery(null, null, new DateOnly(2030, 1, 8), null, null, null, q, 3, 20));
        }
        queries.Add(new SearchQuery(null, "electrical", new DateOnly(2030, 1, 8), null, null, null, null, 1, 100));

        var nonEmpty = 0;
        foreach (var query in queries)
        {
            var fromDatabase = await SearchAsync(query, prune: true, useIndex: false);
            var fromIndex = await SearchAsync(query, prune: true, useIndex: true);
            Assert.Equal(fromDatabase.Json, fromIndex.Json);
            nonEmpty += fromIndex.Results > 0 ? 1 : 0;
        }
        Assert.True(nonEmpty > queries.Count / 2, $"Most queries should find something to compare; {nonEmpty} of {queries.Count} did.");
    }

    private async Task<(string Json, int Results)> SearchAsync(SearchQuery query, bool prune, bool useIndex = true)
    {
        await using var scope = factory.Scope();
        var search = scope.ServiceProvider.GetRequiredService<SearchService>();
        search.PruneByBound = prune;
        search.UseIndex = useIndex;
        var result = await search.SearchAsync(query, CancellationToken.None);
        Assert.Null(result.Error);
        return (JsonSerializer.Serialize(result.Value), result.Value!.Results.Count);
    }
}
