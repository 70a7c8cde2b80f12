using System.Globalization;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace HomeSer.Web.Features.Search;

/// <summary>Query-string values kept as text, so a value that does not parse is a 400 naming its field.</summary>
public sealed record SearchRequest(
    [FromQuery(Name = "location")] string? Location,
    [FromQuery(Name = "category")] string? Category,
    [FromQuery(Name = "date")] string? Date,
    [FromQuery(Name = "lat")] string? Lat,
    [FromQuery(Name = "lng")] string? Lng,
    [FromQuery(Name = "radius_km")] string? RadiusKm,
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "page")] string? Page,
    [FromQuery(Name = "page_size")] string? PageSize);

public sealed record SearchResponse(int Count, string? Next, string? Previous, IReadOnlyList<SearchResultResponse> Results);
public sealed record SearchResultResponse(SearchServiceResponse Service, SearchProviderResponse Provider, double Score, DateTime? NextAvailable, int AvailableSlots);
public sealed record SearchServiceResponse(int Id, string Name, SearchCategoryResponse Category, long PriceCents, string Currency, int DurationMinutes);
public sealed record SearchCategoryResponse(int Id, string Slug, string Name);
public sealed record SearchProviderResponse(int Id, string DisplayName, double Rating, int ReviewCount, double? DistanceKm);

/// <summary>The public intelligent search: ranked services with their free time.</summary>
public static class SearchApi
{
    public static RouteGroupBuilder MapSearchApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/services").WithTags("Search");
        // Routing matches the route with and without the trailing slash.
        group.MapGet("/intelligent-search/", SearchAsync).AllowAnonymous()
            .WithName("SearchServices").WithSummary("Services near a place, ranked best first, with free time on the date.");
        return group;
    }

    private static Task<Results<Ok<SearchResponse>, ProblemHttpResult>> SearchAsync(
        [AsParameters] SearchRequest request, SearchService search, [AsParameters] ApiCall api) =>
        api.PublicOkAsync<SearchResponse>(async ct =>
        {
            var query = SearchQuery.FromText(request.Location, request.Category, request.Date, request.Lat, request.Lng,
                request.RadiusKm, request.Q, request.Page, request.PageSize);
            if (query.Error is { } parseError)
            {
                return parseError;
            }
            return (await search.SearchAsync(query.Value!, ct)).Map(page => new SearchResponse(
                page.Count,
                page.HasNext ? PageUrl(api.Http.Request, page.Page + 1) : null,
                page.HasPrevious ? PageUrl(api.Http.Request, page.PreviousPage) : null,
                page.Results.Select(ToResponse).ToList()));
        });

    private static SearchResultResponse ToResponse(SearchHit hit) => new(
        new SearchServiceResponse(hit.ServiceId, hit.ServiceName, new SearchCategoryResponse(hit.CategoryId, hit.CategorySlug, hit.CategoryName),
            hit.PriceCents, hit.Currency, hit.DurationMinutes),
        new SearchProviderResponse(hit.ProviderId, hit.ProviderName, hit.Rating, hit.ReviewCount, hit.DistanceKm),
        hit.Score,
        hit.NextAvailableUtc,
        hit.AvailableSlots);

    /// <summary>This request's absolute URL with only <c>page</c> changed.</summary>
    // A shared pagination helper may replace this once other lists need the same.
    private static string PageUrl(HttpRequest request, int page)
    {
        var query = new QueryBuilder();
        foreach (var (key, values) in request.Query)
        {
            if (string.Equals(key, "page", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var value in values)
            {
                query.Add(key, value ?? "");
            }
        }
        query.Add("page", page.ToString(CultureInfo.InvariantCulture));
        // From the configured public origin, not the request's Host (which the client chooses).
        return request.HttpContext.RequestServices.GetRequiredService<PublicOrigin>().Url(request.Path.ToString().TrimStart('/') + query.ToQueryString());
    }
}
