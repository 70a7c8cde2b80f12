using System.Globalization;
using HomeSer.Web.Infrastructure;

namespace HomeSer.Web.Features.Search;

/// <summary>A search as the domain sees it; the text forms from a URL are parsed by <see cref="FromText"/>.</summary>
public sealed record SearchQuery(
    string? Location,
    string? Category,
    DateOnly? Date,
    double? Lat,
    double? Lng,
    double? RadiusKm,
    string? Q,
    int Page = 1,
    int PageSize = SearchQuery.DefaultPageSize)
{
    public const int DefaultPageSize = 20;

    /// <summary>Sort and filters of the search page; the API's contract has none, so it always searches unrefined.</summary>
    public SearchRefinement Refinement { get; init; } = SearchRefinement.None;
    public const int MaxPageSize = 100;

    /// <summary>Parses query-string values; a value that does not parse is a validation error naming its field.</summary>
    public static Result<SearchQuery> FromText(string? location, string? category, string? date, string? lat, string? lng,
        string? radiusKm, string? q, string? page, string? pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        DateOnly? day = null;
        if (!string.IsNullOrWhiteSpace(date))
        {
            if (CalendarDates.TryParseDate(date, out var parsed))
            {
                day = parsed;
            }
            else
            {
                errors["date"] = [CalendarDates.DateMessage];
            }
        }
        var latValue = Number(lat, "lat", errors);
        var lngValue = Number(lng, "lng", errors);
        var radius = Number(radiusKm, "radius_km", errors);
        var pageValue = WholeNumber(page, "page", 1, errors);
        var pageSizeValue = WholeNumber(pageSize, "page_size", DefaultPageSize, errors);
        if (errors.Count > 0)
        {
            return DomainError.Validation(errors);
        }
        return new SearchQuery(Blank(location), Blank(category), day, latValue, lngValue, radius, Blank(q), pageValue, pageSizeValue);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static double? Number(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }
        errors[field] = ["Must be a number, e.g. 52.52."];
        return null;
    }

    private static int WholeNumber(string? text, string field, int fallback, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        errors[field] = ["Must be a whole number."];
        return fallback;
    }
}

/// <summary>One page of ranked services, best first.</summary>
public sealed record SearchPage(int Count, int Page, int PageSize, DateOnly Date, bool HasLocation, IReadOnlyList<SearchHit> Results)
{
    public bool HasNext => Page * PageSize < Count;
    public bool HasPrevious => Page > 1 && Count > 0;

    /// <summary>The page before this one; from past the end, the last page that has results.</summary>
    public int PreviousPage => Math.Min(Page - 1, Math.Max(1, (Count + PageSize - 1) / PageSize));
}

/// <summary>One service in the results, with its provider, score and free time.</summary>
public sealed record SearchHit(
    int ServiceId,
    string ServiceName,
    int CategoryId,
    string CategorySlug,
    string CategoryName,
    long PriceCents,
    string Currency,
    int DurationMinutes,
    int ProviderId,
    string ProviderName,
    double Rating,
    int ReviewCount,
    double? DistanceKm,
    string ProviderTimeZoneId,
    double Score,
    int AvailableSlots,
    DateTime? NextAvailableUtc)
{
    /// <summary>The first few free starts from the date on (the first is <see cref="NextAvailableUtc"/>), to book from the card.</summary>
    public IReadOnlyList<DateTime> FirstFreeUtc { get; init; } = [];
}
