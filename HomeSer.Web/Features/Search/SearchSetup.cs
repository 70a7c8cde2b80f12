namespace HomeSer.Web.Features.Search;

public static class SearchSetup
{
    public static WebApplicationBuilder AddSearch(this WebApplicationBuilder builder)
    {
        // AddHybridCache is idempotent, so another feature registering it too is harmless.
        builder.Services.AddHybridCache();
        builder.Services.AddScoped<SearchService>();
        return builder;
    }
}
