using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HomeSer.Web.Features.Catalog;

public static class CatalogSetup
{
    public static WebApplicationBuilder AddCatalog(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CatalogQueries>();
        // The ranking's reliability counters, kept current as bookings move (subscribed in EventSubscribers).
        builder.Services.AddScoped<ProviderStats>();
        return builder;
    }
}

/// <summary>Public catalog: categories, services, provider profiles and reviews.</summary>
public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder routes)
    {
        var services = routes.MapGroup("/api/services").WithTags("Catalog").AllowAnonymous();
        services.MapGet("/categories/", ListCategoriesAsync)
            .WithName("ListCategories").WithSummary("All service categories.");
        services.MapGet("/services/", ListServicesAsync)
            .WithName("ListServices").WithSummary("Active services, filtered by category (slug or id) and provider.");
        services.MapGet("/services/{id:int}/", GetServiceAsync)
            .WithName("GetService").WithSummary("A service with its category and provider.");

        var providers = routes.MapGroup("/api/providers").WithTags("Providers").AllowAnonymous();
        providers.MapGet("/{id:int}/", GetProviderAsync)
            .WithName("GetProvider").WithSummary("A provider's public profile.");
        providers.MapGet("/{id:int}/reviews/", ListProviderReviewsAsync)
            .WithName("ListProviderReviews").WithSummary("A provider's reviews, newest first.");
        return routes;
    }

    public static Task<Results<Ok<PageResponse<CategoryView>>, ProblemHttpResult>> ListCategoriesAsync(
        [AsParameters] PageQuery paging, CatalogQueries catalog, [AsParameters] ApiCall api) =>
        api.PublicPageAsync(paging, (page, ct) => catalog.ListCategoriesAsync(page, ct).AsResult());

    public static Task<Results<Ok<PageResponse<ServiceListItem>>, ProblemHttpResult>> ListServicesAsync(
        [AsParameters] PageQuery paging, string? category, int? provider, CatalogQueries catalog, [AsParameters] ApiCall api) =>
        api.PublicPageAsync(paging, (page, ct) => catalog.ListServicesAsync(category, provider, page, ct));

    public static Task<Results<Ok<ServiceDetails>, ProblemHttpResult>> GetServiceAsync(int id, CatalogQueries catalog, [AsParameters] ApiCall api) =>
        api.PublicOkAsync(ct => catalog.GetServiceAsync(id, ct));

    public static Task<Results<Ok<ProviderProfileView>, ProblemHttpResult>> GetProviderAsync(int id, CatalogQueries catalog, [AsParameters] ApiCall api) =>
        api.PublicOkAsync(ct => catalog.GetProviderAsync(id, ct));

    public static Task<Results<Ok<PageResponse<ProviderReviewView>>, ProblemHttpResult>> ListProviderReviewsAsync(
        int id, [AsParameters] PageQuery paging, CatalogQueries catalog, [AsParameters] ApiCall api) =>
        api.PublicPageAsync(paging, (page, ct) => catalog.ListProviderReviewsAsync(id, page, ct));
}
