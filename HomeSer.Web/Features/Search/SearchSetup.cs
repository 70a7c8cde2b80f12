using HomeSer.Web.Features.Scheduling;

namespace HomeSer.Web.Features.Search;

public static class SearchSetup
{
    /// <summary>Search and its in-memory index; which events reach the index is listed in EventSubscribers.</summary>
    public static WebApplicationBuilder AddSearch(this WebApplicationBuilder builder)
    {
        // AddHybridCache is idempotent, so another feature registering it too is harmless.
        builder.Services.AddHybridCache();
        builder.Services.AddScoped<SearchService>();
        builder.Services.AddScoped<CandidateSource>();
        builder.Services.AddScoped<PriceMedians>();
        // The candidates in memory, kept exact by the catalog and calendar events (see SearchIndex).
        builder.Services.AddSingleton<SearchIndex>();
        builder.Services.AddSingleton<SearchIndexCounters>();
        return builder;
    }
}
