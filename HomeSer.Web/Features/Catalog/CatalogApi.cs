using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

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
            .WithName("ListCategories").WithSummary("All service categories.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        services.MapGet("/services/", ListServicesAsync)
            .WithName("ListServices").WithSummary("Active services, filtered by category (slug or id) and provider.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        services.MapGet("/services/{id:int}/", GetServiceAsync)
            .WithName("GetService").WithSummary("A service with its category and provider.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var providers = routes.MapGroup("/api/providers").WithTags("Providers").AllowAnonymous();
        providers.MapGet("/{id:int}/", GetProviderAsync)
            .WithName("GetProvider").WithSummary("A provider's public profile.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        providers.MapGet("/{id:int}/reviews/", ListProviderReviewsAsync)
            .WithName("ListProviderReviews").WithSummary("A provider's reviews, newest first.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public static async Task<Results<Ok<PageResponse<CategoryView>>, ProblemHttpResult>> ListCategoriesAsync(
        [AsParameters] PageQuery paging, CatalogQueries catalog, HttpContext http, CancellationToken cancellationToken)
    {
        var page = paging.Validate();
        if (page.Error is { } error)
        {
            return TypedResults.Problem(Problems.Create(http, error));
        }
        var list = await catalog.ListCategoriesAsync(page.Value!, cancellationToken);
        return TypedResults.Ok(list.ToResponse(http.Request, page.Value!));
    }

    public static async Task<Results<Ok<PageResponse<ServiceListItem>>, ProblemHttpResult>> ListServicesAsync(
        [AsParameters] PageQuery paging, string? category, int? provider, CatalogQueries catalog, HttpContext http, CancellationToken cancellationToken)
    {
        var page = paging.Validate();
        if (page.Error is { } pageError)
        {
            return TypedResults.Problem(Problems.Create(http, pageError));
        }
        var list = await catalog.ListServicesAsync(category, provider, page.Value!, cancellationToken);
        return list.Error is { } error ? TypedResults.Problem(Problems.Create(http, error)) : TypedResults.Ok(list.Value!.ToResponse(http.Request, page.Value!));
    }

    public static async Task<Results<Ok<ServiceDetails>, ProblemHttpResult>> GetServiceAsync(
        int id, CatalogQueries catalog, HttpContext http, CancellationToken cancellationToken)
    {
        var service = await catalog.GetServiceAsync(id, cancellationToken);
        return service.Error is { } error ? TypedResults.Problem(Problems.Create(http, error)) : TypedResults.Ok(service.Value!);
    }

    public static async Task<Results<Ok<ProviderProfileView>, ProblemHttpResult>> GetProviderAsync(
        int id, CatalogQueries catalog, HttpContext http, CancellationToken cancellationToken)
    {
        var provider = await catalog.GetProviderAsync(id, cancellationToken);
        return provider.Error is { } error ? TypedResults.Problem(Problems.Create(http, error)) : TypedResults.Ok(provider.Value!);
    }

    public static async Task<Results<Ok<PageResponse<ProviderReviewView>>, ProblemHttpResult>> ListProviderReviewsAsync(
        int id, [AsParameters] PageQuery paging, CatalogQueries catalog, HttpContext http, CancellationToken cancellationToken)
    {
        var page = paging.Validate();
        if (page.Error is { } pageError)
        {
            return TypedResults.Problem(Problems.Create(http, pageError));
        }
        var reviews = await catalog.ListProviderReviewsAsync(id, page.Value!, cancellationToken);
        return reviews.Error is { } error ? TypedResults.Problem(Problems.Create(http, error)) : TypedResults.Ok(reviews.Value!.ToResponse(http.Request, page.Value!));
    }
}
