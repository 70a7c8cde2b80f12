using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Features.Notifications;
using HomeSer.Web.Features.Scheduling;

namespace HomeSer.Web.Features.Search;

public static class SearchSetup
{
    public static WebApplicationBuilder AddSearch(this WebApplicationBuilder builder)
    {
        // AddHybridCache is idempotent, so another feature registering it too is harmless.
        builder.Services.AddHybridCache();
        builder.Services.AddScoped<SearchService>();
        builder.Services.AddScoped<CandidateSource>();
        builder.Services.AddScoped<PriceMedians>();
        builder.Services.AddSingleton<AvailabilityCache>();
        builder.Services.AddSingleton<IDomainEventHandler<AvailabilityChanged>>(sp => sp.GetRequiredService<AvailabilityCache>());
        builder.Services.AddSingleton<IDomainEventHandler<BookingStatusChanged>>(sp => sp.GetRequiredService<AvailabilityCache>());
        // The candidates in memory, kept exact by the catalog and calendar events (see SearchIndex).
        builder.Services.AddSingleton<SearchIndex>();
        builder.Services.AddSingleton<IDomainEventHandler<CatalogChanged>>(sp => sp.GetRequiredService<SearchIndex>());
        builder.Services.AddSingleton<IDomainEventHandler<AvailabilityChanged>>(sp => sp.GetRequiredService<SearchIndex>());
        // The ranking's reliability inputs, kept current as bookings move.
        builder.Services.AddScoped<IDomainEventHandler<BookingStatusChanged>, ProviderStats>();
        return builder;
    }
}
