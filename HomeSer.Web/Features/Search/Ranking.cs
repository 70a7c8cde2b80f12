namespace HomeSer.Web.Features.Search;

/// <summary>What the ranking knows about one search result; every value is already loaded, nothing is queried.</summary>
/// <param name="RatingSum">Sum of the provider's review ratings (1-5 each).</param>
/// <param name="ReviewCount">Number of reviews.</param>
/// <param name="DistanceKm">Distance from the search point; null when the search has no location.</param>
/// <param name="RadiusKm">The search radius the distance is measured against.</param>
/// <param name="SlotsOnDate">Free slots of this service on the searched date.</param>
/// <param name="FullDaySlots">How many slots a fully free working day offers at this provider's slot step.</param>
/// <param name="PriceCents">The service's price.</param>
/// <param name="MedianPriceCents">The category's median price the price is compared with.</param>
/// <param name="IsVerified">Whether the provider is verified.</param>
/// <param name="Track">The provider's booking record; null scores as the neutral prior.</param>
public sealed record RankingInputs(
    int RatingSum,
    int ReviewCount,
    double? DistanceKm,
    double RadiusKm,
    int SlotsOnDate,
    int FullDaySlots,
    long PriceCents,
    long MedianPriceCents,
    bool IsVerified,
    TrackRecord? Track = null);

/// <summary>A provider's counters as kept by ProviderStats: outcomes of past jobs and how fast bookings were confirmed.</summary>
public sealed record TrackRecord(int Completed, int ProviderCancelled, int NoShows, int Confirmed, long TotalConfirmMinutes);

/// <summary>The search score in [0, 1]: a weighted sum of bounded terms, documented in RANKING.md.</summary>
public static class Ranking
{
    public const double RatingWeight = 0.30;
    public const double ConfidenceWeight = 0.15;
    public const double DistanceWeight = 0.20;
    public const double FreeTimeWeight = 0.15;
    public const double PriceWeight = 0.10;
    public const double VerifiedWeight = 0.05;
    public const double ReliabilityWeight = 0.05;

    /// <summary>Bayesian prior: a provider is assumed average (4.0) until about five reviews say otherwise.</summary>
    public const double PriorMean = 4.0;
    public const double PriorWeight = 5;

    /// <summary>Review count at which confidence saturates (log scale).</summary>
    public const int ConfidentReviewCount = 100;

    /// <summary>Distance term when the search has no location: neither rewarded nor punished.</summary>
    public const double NoLocationDistance = 0.5;

    /// <summary>Prior for the completion rate: a new provider is assumed to complete 90 % of jobs, worth five jobs.</summary>
    public const double PriorCompletionRate = 0.9;
    public const double PriorJobs = 5;

    /// <summary>Prior for the time to confirm: one hour, worth five confirmations.</summary>
    public const double PriorConfirmMinutes = 60;
    public const double PriorConfirmations = 5;

    /// <summary>Time to confirm at which responsiveness is halved.</summary>
    public const double HalfResponsivenessMinutes = 120;

    /// <summary>Share of the reliability term given to completing jobs; the rest goes to responsiveness.</summary>
    public const double DependabilityShare = 0.7;

    public static double Score(RankingInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var score =
            RatingWeight * BayesianRating(inputs.RatingSum, inputs.ReviewCount)
            + ConfidenceWeight * Confidence(inputs.ReviewCount)
            + DistanceWeight * Distance(inputs.DistanceKm, inputs.RadiusKm)
            + FreeTimeWeight * FreeTime(inputs.SlotsOnDate, inputs.FullDaySlots)
            + PriceWeight * Price(inputs.PriceCents, inputs.MedianPriceCents)
            + VerifiedWeight * (inputs.IsVerified ? 1.0 : 0.0)
            + ReliabilityWeight * Reliability(inputs.Track);
        return Math.Round(Math.Clamp(score, 0, 1), 4);
    }

    /// <summary>(C·m + sum) / (C + n), normalised by the top rating 5.</summary>
    public static double BayesianRating(int ratingSum, int reviewCount) =>
        Math.Clamp((PriorWeight * PriorMean + Math.Max(0, ratingSum)) / (PriorWeight + Math.Max(0, reviewCount)) / 5.0, 0, 1);

    /// <summary>log(1+n) / log(1+100), capped at 1: the first reviews matter most.</summary>
    public static double Confidence(int reviewCount) =>
        Math.Min(1, Math.Log(1 + Math.Max(0, reviewCount)) / Math.Log(1 + ConfidentReviewCount));

    /// <summary>1 at the search point, 0 at the edge of the radius; 0.5 without a location.</summary>
    public static double Distance(double? distanceKm, double radiusKm) =>
        distanceKm is not { } d || radiusKm <= 0 ? NoLocationDistance : Math.Clamp(1 - d / radiusKm, 0, 1);

    /// <summary>Free slots on the date relative to a fully free day, capped at 1; 0 when fully booked or not working.</summary>
    public static double FreeTime(int slotsOnDate, int fullDaySlots) =>
        slotsOnDate <= 0 || fullDaySlots <= 0 ? 0 : Math.Min(1, (double)slotsOnDate / fullDaySlots);

    /// <summary>0.5 at the median, 1 when free, 0 at twice the median or more: cheaper is better, within bounds.</summary>
    public static double Price(long priceCents, long medianPriceCents) =>
        medianPriceCents <= 0 ? 0.5 : Math.Clamp(0.5 + 0.5 * (medianPriceCents - priceCents) / medianPriceCents, 0, 1);

    /// <summary>0.7 · dependability + 0.3 · responsiveness, both smoothed towards a prior so few jobs say little.</summary>
    public static double Reliability(TrackRecord? track) =>
        DependabilityShare * Dependability(track) + (1 - DependabilityShare) * Responsiveness(track);

    /// <summary>Completed jobs among jobs with an outcome the provider answers for (completed, cancelled by them, no-show).</summary>
    public static double Dependability(TrackRecord? track)
    {
        var completed = Math.Max(0, track?.Completed ?? 0);
        var failed = Math.Max(0, track?.ProviderCancelled ?? 0) + Math.Max(0, track?.NoShows ?? 0);
        return Math.Clamp((completed + PriorJobs * PriorCompletionRate) / (completed + failed + PriorJobs), 0, 1);
    }

    /// <summary>1 / (1 + mean minutes to confirm / 120): 1 when instant, 0.5 at two hours.</summary>
    public static double Responsiveness(TrackRecord? track)
    {
        var confirmed = Math.Max(0, track?.Confirmed ?? 0);
        var minutes = Math.Max(0, track?.TotalConfirmMinutes ?? 0);
        var mean = (minutes + PriorConfirmations * PriorConfirmMinutes) / (confirmed + PriorConfirmations);
        return 1 / (1 + mean / HalfResponsivenessMinutes);
    }

    /// <summary>Median of the prices (the mean of the middle two for an even count); 0 for none.</summary>
    public static long Median(IReadOnlyList<long> prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        if (prices.Count == 0)
        {
            return 0;
        }
        var sorted = prices.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Great-circle distance in km (haversine, mean Earth radius 6371 km).</summary>
    public static double HaversineKm(double lat1, double lng1, double lat2, double lng2) =>
        new Scheduling.GeoPoint(lat1, lng1).DistanceKm(new Scheduling.GeoPoint(lat2, lng2));

}
