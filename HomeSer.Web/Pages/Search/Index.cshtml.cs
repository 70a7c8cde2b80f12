using System.Globalization;
using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
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
public sealed class IndexModel(SearchService search, HomeSerDbContext db, HomeAddresses homes, TimeProvider clock) : PageModel
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

    [BindProperty(SupportsGet = true, Name = "sort")]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true, Name = "price_min")]
    public string? PriceMin { get; set; }

    [BindProperty(SupportsGet = true, Name = "price_max")]
    public string? PriceMax { get; set; }

    [BindProperty(SupportsGet = true, Name = "rating")]
    public string? Rating { get; set; }

    [BindProperty(SupportsGet = true, Name = "available")]
    public string? Available { get; set; }

    public static readonly IReadOnlyList<(string Value, string Label)> SortOptions =
        [("best", "Best match"), ("price", "Lowest price"), ("rating", "Highest rated"), ("soonest", "Soonest free")];

    public static readonly IReadOnlyList<(string Value, string Label)> RatingOptions =
        [("", "Any rating"), ("3", "3 stars or more"), ("4", "4 stars or more"), ("4.5", "4.5 stars or more")];

    public bool AvailableOnly => Results.Refinement.AvailableOnDate || Available is "1" or "true" or "on";

    public IReadOnlyList<CategoryOption> Categories { get; private set; } = [];
    public IReadOnlyList<string> Places => Gazetteer.Names;
    public SearchResultsView Results { get; private set; } = SearchResultsView.Empty;

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
        var refinement = SearchRefinement.FromText(Sort, PriceMin, PriceMax, Rating, Available);
        var result = (parsed.Error, refinement.Error) switch
        {
            (null, null) => await search.SearchAsync(parsed.Value! with { Refinement = refinement.Value! }, cancellationToken),
            var (queryError, refineError) => Result<SearchPage>.Fail(DomainError.Validation(new Dictionary<string, string[]>(
                (queryError?.Fields ?? new Dictionary<string, string[]>()).Concat(refineError?.Fields ?? new Dictionary<string, string[]>())))),
        };
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
            NowUtc = clock.GetUtcNow().UtcDateTime,
            Refinement = refinement.Value ?? SearchRefinement.None,
            ClearFiltersUrl = UrlWithout("page", "price_min", "price_max", "rating", "available"),
            OutsideHome = page is { Results.Count: > 0 } ? await OutsideHomeAsync(page, cancellationToken) : OutsideHomeArea.None,
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

    /// <summary>
    /// A signed-in customer may search one place while living in another: the providers on this page whose service area
    /// does not reach their home address (the rule booking validation applies), so the card says so before they book.
    /// </summary>
    private async Task<OutsideHomeArea> OutsideHomeAsync(SearchPage page, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Customer) || User.UserId() is not { } userId || await homes.GetAsync(userId, ct) is not { } home)
        {
            return OutsideHomeArea.None;
        }
        var ids = page.Results.Select(r => r.ProviderId).Distinct().ToList();
        var areas = await db.Providers.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Latitude, p.Longitude, p.ServiceRadiusKm }).ToListAsync(ct);
        var outside = new Dictionary<int, double>();
        foreach (var area in areas)
        {
            if (new ServiceArea(new GeoPoint(area.Latitude, area.Longitude), area.ServiceRadiusKm).OutsideBy(home.Place) is { } km)
            {
                outside[area.Id] = km;
            }
        }
        return new OutsideHomeArea(home.City, outside);
    }

    private string PageUrl(int page) => UrlWithout(["page"], ("page", page.ToString(CultureInfo.InvariantCulture)));

    private string UrlWithout(params string[] keys) => UrlWithout(keys, null);

    /// <summary>This search's URL without <paramref name="keys"/>, plus <paramref name="extra"/> where given.</summary>
    private string UrlWithout(string[] keys, (string Key, string Value)? extra)
    {
        var query = new QueryBuilder();
        foreach (var (key, values) in Request.Query)
        {
            if (!keys.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                foreach (var value in values)
                {
                    query.Add(key, value ?? "");
                }
            }
        }
        if (extra is var (name, text))
        {
            query.Add(name, text);
        }
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
    public static readonly IReadOnlyList<string> FormFields =
        ["q", "location", "lat", "lng", "category", "date", "sort", "price_min", "price_max", "rating", "available"];

    /// <summary>The form's own labels and the ids of the inputs they name, for the error summary's links.</summary>
    public static readonly IReadOnlyDictionary<string, (string Label, string InputId)> FieldLabels = new Dictionary<string, (string, string)>
    {
        ["q"] = ("What do you need?", "search-q"),
        ["location"] = ("Where?", "search-location"),
        ["lat"] = ("Where?", "search-location"),
        ["lng"] = ("Where?", "search-location"),
        ["category"] = ("Category", "search-category"),
        ["date"] = ("Date", "search-date"),
        ["sort"] = ("Sort by", "search-sort"),
        ["price_min"] = ("Lowest price", "search-price-min"),
        ["price_max"] = ("Highest price", "search-price-max"),
        ["rating"] = ("Minimum rating", "search-rating"),
        ["available"] = ("Free on the date", "search-available"),
    };

    public SearchRefinement Refinement { get; init; } = SearchRefinement.None;

    /// <summary>Which results cannot come to the signed-in customer's home.</summary>
    public OutsideHomeArea OutsideHome { get; init; } = OutsideHomeArea.None;

    /// <summary>Whether a price, rating or free-time filter narrowed this search (the empty state then offers to clear them).</summary>
    public bool IsFiltered => Refinement with { Sort = SearchSort.BestMatch } != SearchRefinement.None;

    /// <summary>"Berlin time" when every result's times are in one zone, said once above the results; else null.</summary>
    public string? SharedZone => Page is { Results.Count: > 0 } found && found.Results.Select(r => r.ProviderTimeZoneId).Distinct().Count() == 1
        ? found.Results[0].ProviderTimeZoneId
        : null;

    /// <summary>This search without its price, rating and free-time filters (sort and everything else kept).</summary>
    public string? ClearFiltersUrl { get; init; }

    public string OrderText => Refinement.Sort switch
    {
        SearchSort.Price => "lowest price first",
        SearchSort.Rating => "highest rated first",
        SearchSort.Soonest => "soonest free first",
        _ => "best match first",
    };

    /// <summary>"08:00" on the searched date, else "Wed 9 Jan, 08:00", in the provider's zone.</summary>
    public string SlotText(DateTime startUtc, string zone, DateOnly date)
    {
        var local = Display.ToLocal(startUtc, zone);
        return DateOnly.FromDateTime(local) == date
            ? Display.Clock(startUtc, zone)
            : $"{Display.Day(DateOnly.FromDateTime(local))}, {Display.Clock(startUtc, zone)}";
    }

    /// <summary>When the page was made, to say "today" and "tomorrow" as the provider's calendar reads them.</summary>
    public DateTime NowUtc { get; init; }

    /// <summary>
    /// One sentence about the card's free time on the searched date that agrees with the times listed under it:
    /// "3 free times today", "Fully booked today · first free tomorrow, 09:00", "Fully booked on Sun 13 Jan 2030 · ...".
    /// </summary>
    public string AvailabilityText(SearchHit hit, DateOnly date)
    {
        var zone = hit.ProviderTimeZoneId;
        var onDate = RelativeDay(date, zone) ?? $"on {Display.Date(date)}";
        return (hit.AvailableSlots, hit.FirstFreeUtc) switch
        {
            ( > 0, _) => $"{hit.AvailableSlots} free {(hit.AvailableSlots == 1 ? "time" : "times")} {onDate}",
            (_, [var first, ..]) => $"Fully booked {onDate} · first free {FirstFreeText(first, zone, date)}",
            _ => $"Fully booked: no free time in the {SearchFreeTime.NextAvailableDays} days from {Display.Date(date)}",
        };
    }

    private string FirstFreeText(DateTime startUtc, string zone, DateOnly date) =>
        RelativeDay(DateOnly.FromDateTime(Display.ToLocal(startUtc, zone)), zone) is { } day
            ? $"{day}, {Display.Clock(startUtc, zone)}"
            : SlotText(startUtc, zone, date);

    /// <summary>"today" or "tomorrow" in the provider's zone, else null.</summary>
    private string? RelativeDay(DateOnly date, string zone)
    {
        var today = DateOnly.FromDateTime(Display.ToLocal(NowUtc, zone));
        return date == today ? "today" : date == today.AddDays(1) ? "tomorrow" : null;
    }

    /// <summary>"Tue 8 Jan 2030 at " before a time on the searched date (its text has no day), else nothing: the text names the day.</summary>
    public string SlotDay(DateTime startUtc, string zone, DateOnly date) =>
        DateOnly.FromDateTime(Display.ToLocal(startUtc, zone)) == date ? $"{Display.Date(date)} at " : "";

    public static string ZoneName(string zone) => zone.Split('/')[^1].Replace('_', ' ') + " time";

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

/// <summary>The customer's home city and, per provider whose service area does not reach it, how far away it is.</summary>
public sealed record OutsideHomeArea(string HomeCity, IReadOnlyDictionary<int, double> DistanceKmByProvider)
{
    public static readonly OutsideHomeArea None = new("", new Dictionary<int, double>());

    public double? For(int providerId) => DistanceKmByProvider.TryGetValue(providerId, out var km) ? km : null;
}
