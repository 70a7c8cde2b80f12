using System.Globalization;
using HomeSer.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Search;

/// <summary>Turns a search query's place and category into what the search runs on, naming every bad parameter.</summary>
internal static class SearchQueryRules
{
    internal static SearchPoint? ResolvePoint(SearchQuery query, Dictionary<string, string[]> errors)
    {
        SearchPoint? fromLocation = null;
        if (query.Location is { } location)
        {
            if (Gazetteer.Find(location) is { } place)
            {
                fromLocation = new SearchPoint(place.Latitude, place.Longitude);
            }
            else if (TryParseCoordinates(location, out var coordinates))
            {
                if (IsValidPoint(coordinates))
                {
                    fromLocation = coordinates;
                }
                else
                {
                    errors["location"] = ["Coordinates out of range: latitude must be -90..90 and longitude -180..180."];
                }
            }
            else
            {
                errors["location"] = [$"Unknown place '{location}'. Known places: {string.Join(", ", Gazetteer.Names)}; or give 'lat,lng'."];
            }
        }

        switch (query.Lat, query.Lng)
        {
            case (null, null):
                return fromLocation;
            case (not null, null):
                errors["lng"] = ["Give lng together with lat."];
                return null;
            case (null, not null):
                errors["lat"] = ["Give lat together with lng."];
                return null;
        }
        var lat = query.Lat.Value;
        var lng = query.Lng.Value;
        if (lat is < -90 or > 90)
        {
            errors["lat"] = ["Must be between -90 and 90."];
        }
        if (lng is < -180 or > 180)
        {
            errors["lng"] = ["Must be between -180 and 180."];
        }
        // Explicit coordinates are more precise than a place name, so they win when both are given.
        return new SearchPoint(lat, lng);
    }

    private static bool TryParseCoordinates(string text, out SearchPoint point)
    {
        point = default;
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lng)
            && double.IsFinite(lat) && double.IsFinite(lng))
        {
            point = new SearchPoint(lat, lng);
            return true;
        }
        return false;
    }

    private static bool IsValidPoint(SearchPoint point) => point.Lat is >= -90 and <= 90 && point.Lng is >= -180 and <= 180;

    internal static async Task<int?> ResolveCategoryAsync(HomeSerDbContext db, string? category, Dictionary<string, string[]> errors,
        CancellationToken cancellationToken)
    {
        if (category is null)
        {
            return null;
        }
        var categories = db.Categories.AsNoTracking();
        int? id = int.TryParse(category, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? await categories.Where(c => c.Id == number).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken)
            : await categories.Where(c => c.Slug == category.ToLowerInvariant()).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken);
        if (id is null)
        {
            errors["category"] = [$"Unknown category '{category}'; give a category slug (e.g. plumbing) or id."];
        }
        return id;
    }

    /// <summary>As <see cref="ResolveCategoryAsync"/>, from the index: by id, or by slug compared exactly after lower-casing.</summary>
    internal static int? ResolveCategory(SearchIndex.Snapshot snapshot, string? category, Dictionary<string, string[]> errors)
    {
        if (category is null)
        {
            return null;
        }
        int? id = int.TryParse(category, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? snapshot.SlotOf.ContainsKey(number) ? number : null
            : snapshot.BySlug.TryGetValue(category.ToLowerInvariant(), out var bySlug) ? bySlug : null;
        if (id is null)
        {
            errors["category"] = [$"Unknown category '{category}'; give a category slug (e.g. plumbing) or id."];
        }
        return id;
    }
}
