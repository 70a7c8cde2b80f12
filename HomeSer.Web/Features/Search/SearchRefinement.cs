using System.Globalization;
using HomeSer.Web.Infrastructure;

namespace HomeSer.Web.Features.Search;

public enum SearchSort
{
    BestMatch,
    Price,
    Rating,
    Soonest,
}

/// <summary>How the search page narrows and orders results; <see cref="None"/> is the ranking alone.</summary>
public sealed record SearchRefinement(
    SearchSort Sort = SearchSort.BestMatch,
    long? MinPriceCents = null,
    long? MaxPriceCents = null,
    double? MinRating = null,
    bool AvailableOnDate = false)
{
    public static readonly SearchRefinement None = new();

    /// <summary>The search page's sort names, as they appear in its URL.</summary>
    public static readonly IReadOnlyDictionary<string, SearchSort> SortNames = new Dictionary<string, SearchSort>(StringComparer.OrdinalIgnoreCase)
    {
        ["best"] = SearchSort.BestMatch,
        ["price"] = SearchSort.Price,
        ["rating"] = SearchSort.Rating,
        ["soonest"] = SearchSort.Soonest,
    };

    public const double MaxRating = 5;
    public const long PriceLimitCents = 100_000_00;

    public bool NeedsEveryCandidate => Sort != SearchSort.BestMatch || AvailableOnDate;

    /// <summary>
    /// Parses the search form's values (prices in whole or decimal currency units); errors are keyed by the form's
    /// own field names and worded with its labels.
    /// </summary>
    public static Result<SearchRefinement> FromText(string? sort, string? minPrice, string? maxPrice, string? minRating, string? available)
    {
        var errors = new Dictionary<string, string[]>();
        var order = SearchSort.BestMatch;
        if (!string.IsNullOrWhiteSpace(sort) && !SortNames.TryGetValue(sort.Trim(), out order))
        {
            errors["sort"] = ["Choose how to sort: best match, price, rating or soonest."];
        }
        var min = Price(minPrice, "price_min", "Lowest price", errors);
        var max = Price(maxPrice, "price_max", "Highest price", errors);
        if (min is { } low && max is { } high && low > high)
        {
            errors["price_max"] = ["Highest price must not be below the lowest price."];
        }
        double? rating = null;
        if (!string.IsNullOrWhiteSpace(minRating))
        {
            if (double.TryParse(minRating.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= MaxRating)
            {
                rating = value > 0 ? value : null;
            }
            else
            {
                errors["rating"] = ["Minimum rating must be a number of stars from 1 to 5."];
            }
        }
        var availableOnly = available?.Trim().ToLowerInvariant() switch
        {
            null or "" or "0" or "false" or "off" => false,
            "1" or "true" or "on" => true,
            _ => Invalid(errors),
        };
        if (errors.Count > 0)
        {
            return DomainError.Validation(errors);
        }
        return new SearchRefinement(order, min, max, rating, availableOnly);
    }

    private static bool Invalid(Dictionary<string, string[]> errors)
    {
        errors["available"] = ["\"Free on the date\" is either ticked or not."];
        return false;
    }

    private static long? Price(string? text, string field, string label, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (decimal.TryParse(text.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) && amount >= 0
            && amount * 100 <= PriceLimitCents && decimal.Round(amount, 2) == amount)
        {
            return (long)(amount * 100);
        }
        errors[field] = [$"{label} must be an amount in euros from 0 to {PriceLimitCents / 100:0}, e.g. 80 or 79.50."];
        return null;
    }

    /// <summary>Whether a service passes the price and rating filters (which need no calendar).</summary>
    internal bool Admits(CandidateRow row)
    {
        if (MinPriceCents is { } min && row.PriceCents < min)
        {
            return false;
        }
        if (MaxPriceCents is { } max && row.PriceCents > max)
        {
            return false;
        }
        return MinRating is not { } rating || (row.ReviewCount > 0 && (double)row.RatingSum / row.ReviewCount >= rating);
    }
}
