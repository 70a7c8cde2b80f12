using HomeSer.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;

namespace HomeSer.Web.Features.Search;

/// <summary>What a service's price is compared with in the ranking: the median of its category.</summary>
public sealed class PriceMedians(HomeSerDbContext db, HybridCache cache)
{
    /// <summary>Below this many candidates in a category, their median says little; the market median is used.</summary>
    public const int MinCandidatesForLocalMedian = 3;

    private const string MarketMediansKey = "search:category-median-prices";
    private static readonly HybridCacheEntryOptions MediansCacheOptions = new()
    {
        Expiration = TimeSpan.FromMinutes(5),
        LocalCacheExpiration = TimeSpan.FromMinutes(5),
    };

    /// <summary>
    /// The median price per category among the candidates; a category with too few candidates falls back to the
    /// market-wide median, which is cached briefly because it changes only when prices do.
    /// </summary>
    internal async Task<Dictionary<int, long>> ForAsync(List<Candidate> candidates, CancellationToken cancellationToken)
    {
        var medians = new Dictionary<int, long>();
        Dictionary<int, long>? market = null;
        foreach (var category in candidates.GroupBy(c => c.Row.CategoryId))
        {
            var prices = category.Select(c => c.Row.PriceCents).ToList();
            if (prices.Count < MinCandidatesForLocalMedian)
            {
                market ??= await cache.GetOrCreateAsync(MarketMediansKey, MarketMedianPricesAsync, MediansCacheOptions, cancellationToken: cancellationToken);
                if (market.TryGetValue(category.Key, out var marketMedian))
                {
                    medians[category.Key] = marketMedian;
                    continue;
                }
            }
            medians[category.Key] = Ranking.Median(prices);
        }
        return medians;
    }

    private async ValueTask<Dictionary<int, long>> MarketMedianPricesAsync(CancellationToken cancellationToken)
    {
        var prices = await db.Services.AsNoTracking()
            .Where(s => s.IsActive && s.Provider!.IsActive && s.Provider.IsVerified)
            .Select(s => new { s.CategoryId, s.PriceCents })
            .ToListAsync(cancellationToken);
        return prices
            .GroupBy(p => p.CategoryId)
            .ToDictionary(g => g.Key, g => Ranking.Median(g.Select(p => p.PriceCents).ToList()));
    }
}
