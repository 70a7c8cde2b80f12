using System.Globalization;
using HomeSer.Web.Data;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Features.Search;
using HomeSer.Web.Infrastructure;
using Htmx;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Pages.Search;

/// <summary>The search screen: the full page to a browser, only the results to htmx.</summary>
public sealed class IndexModel(SearchService search, HomeSerDbContext db) : PageModel
{
    public sealed record CategoryOption(int Id, string Slug, string Name);

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "location")]
    public string? Location { get; set; }

    /// <summary>Coordinates from "Use my location"; they win over the typed place when both are sent.</summary>
    [BindProperty(SupportsGet = true, Name = "lat")]
    public string? Lat { get; set; }

    [BindProperty(SupportsGet = true, Name = "lng")]
    public string? Lng { get; set; }

    [BindProperty(SupportsGet = true, Name = "category")]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true, Name = "date")]
    public string? Date { get; set; }

    public IReadOnlyList<CategoryOption> Categories { get; private set; } = [];
    public IReadOnlyList<string> Places => Gazetteer.Names;
    public SearchResultsView Results { get; private set; } = SearchResultsView.Empty;

    /// <summary>The place typed into "Where?", when the search was near a named place rather than the device.</summary>
    public string? Place { get; init; }

    /// <summary>"in Berlin" for a provider in the searched place itself, else how far: "12 km from Berlin", "3.4 km away".</summary>
    public string? Distance(SearchHit hit) => hit.DistanceKm switch
    {
        null => null,
        < 2 => Place is { } place ? $"in {place}" : "near you",
        var km => Place is { } from
            ? $"{km.Value.ToString(km < 10 ? "0.0" : "0", CultureInfo.InvariantCulture)} km from {from}"
            : $"{km.Value.ToString(km < 10 ? "0.0" : "0", CultureInfo.InvariantCulture)} km away",
    };

    public string? ErrorFor(string field) => Results.ErrorFor(field);

    public bool UsesMyLocation => !string.IsNullOrWhiteSpace(Lat) && !string.IsNullOrWhiteSpace(Lng);

    public bool IsSelected(CategoryOption option) =>
        string.Equals(Category, option.Slug, StringComparison.OrdinalIgnoreCase)
        || Category == option.Id.ToString(CultureInfo.InvariantCulture);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        // Read from the query string itself: for model binding "page" is the Razor Pages route value.
        var pageNumber = Request.Query["page"].FirstOrDefault();
        var parsed = SearchQuery.FromText(Location, Category, Date, Lat, Lng, null, Q, pageNumber, null);
        var result = parsed.Error is { } parseError
            ? Result<SearchPage>.Fail(parseError)
            : await search.SearchAsync(parsed.Value!, cancellationToken);
        var page = result.Value;
        Date ??= page?.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var partialOnly = Request.IsHtmx() && !Request.IsHtmxHistoryRestoreRequest();
        Results = new SearchResultsView(
            page,
            result.Error?.Fields ?? new Dictionary<string, string[]>(),
            ErrorsOutOfBand: partialOnly,
            PreviousUrl: page is { HasPrevious: true } ? PageUrl(page.PreviousPage) : null,
            NextUrl: page is { HasNext: true } ? PageUrl(page.Page + 1) : null)
        {
            Place = UsesMyLocation || string.IsNullOrWhiteSpace(Location) ? null : Location.Trim(),
        };

        // The same URL answers a page or a fragment, so caches must keep them apart.
        Response.Htmx(headers => headers.WithVary());
        if (partialOnly)
        {
            return Partial("_Results", Results);
        }
        Categories = await db.Categories.AsNoTracking()
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Name)
            .Select(c => new CategoryOption(c.Id, c.Slug, c.Name))
            .ToListAsync(cancellationToken);
        return Page();
    }

    private string PageUrl(int page)
    {
        var query = new QueryBuilder();
        foreach (var (key, values) in Request.Query)
        {
            if (!string.Equals(key, "page", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var value in values)
                {
                    query.Add(key, value ?? "");
                }
            }
        }
        query.Add("page", page.ToString(CultureInfo.InvariantCulture));
        return $"{Url.Page("/Search/Index")}{query.ToQueryString()}";
    }
}

/// <summary>What the results partial shows: a page of results or the validation errors.</summary>
public sealed record SearchResultsView(
    SearchPage? Page,
    IReadOnlyDictionary<string, string[]> Errors,
    bool ErrorsOutOfBand,
    string? PreviousUrl,
    string? NextUrl)
{
    public static readonly SearchResultsView Empty = new(null, new Dictionary<string, string[]>(), false, null, null);

    /// <summary>The fields the form shows errors next to; other errors are listed above the results.</summary>
    public static readonly IReadOnlyList<string> FormFields = ["q", "location", "lat", "lng", "category", "date"];

    /// <summary>The place typed into "Where?", when the search was near a named place rather than the device.</summary>
    public string? Place { get; init; }

    /// <summary>"in Berlin" for a provider in the searched place itself, else how far: "12 km from Berlin", "3.4 km away".</summary>
    public string? Distance(SearchHit hit) => hit.DistanceKm switch
    {
        null => null,
        < 2 => Place is { } place ? $"in {place}" : "near you",
        var km => Place is { } from
            ? $"{km.Value.ToString(km < 10 ? "0.0" : "0", CultureInfo.InvariantCulture)} km from {from}"
            : $"{km.Value.ToString(km < 10 ? "0.0" : "0", CultureInfo.InvariantCulture)} km away",
    };

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public IEnumerable<string> OtherErrors => Errors.Where(e => !FormFields.Contains(e.Key)).SelectMany(e => e.Value);
}
