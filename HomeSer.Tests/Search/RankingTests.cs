using HomeSer.Web.Features.Search;

namespace HomeSer.Tests.Search;

public sealed class RankingTests
{
    private static RankingInputs Typical() => new(
        RatingSum: 45 * 10, ReviewCount: 100, DistanceKm: 5, RadiusKm: 50, SlotsOnDate: 16, FullDaySlots: 32,
        PriceCents: 8000, MedianPriceCents: 8000, IsVerified: true);

    [Fact]
    public void Score_stays_between_zero_and_one_at_the_extremes()
    {
        var best = new RankingInputs(500, 100, 0, 50, 100, 32, 0, 8000, true);
        var worst = new RankingInputs(0, 0, 50, 50, 0, 32, 100_000, 8000, false);

        Assert.InRange(Ranking.Score(best), 0, 1);
        Assert.InRange(Ranking.Score(worst), 0, 1);
        Assert.True(Ranking.Score(best) > Ranking.Score(worst));
    }

    [Fact]
    public void Weights_sum_to_one()
    {
        var sum = Ranking.RatingWeight + Ranking.ConfidenceWeight + Ranking.DistanceWeight + Ranking.FreeTimeWeight
            + Ranking.PriceWeight + Ranking.VerifiedWeight + Ranking.ReliabilityWeight;
        Assert.Equal(1.0, sum, 10);
    }

    [Fact]
    public void Closer_ranks_higher_all_else_equal()
    {
        Assert.True(Ranking.Score(Typical() with { DistanceKm = 2 }) > Ranking.Score(Typical() with { DistanceKm = 20 }));
    }

    [Fact]
    public void No_free_time_on_the_date_ranks_below_some_free_time()
    {
        Assert.True(Ranking.Score(Typical() with { SlotsOnDate = 0 }) < Ranking.Score(Typical() with { SlotsOnDate = 4 }));
        Assert.Equal(0, Ranking.FreeTime(0, 32));
    }

    [Fact]
    public void Free_time_is_capped_at_a_full_day()
    {
        Assert.Equal(1, Ranking.FreeTime(64, 32));
    }

    [Fact]
    public void A_single_five_star_review_ranks_below_4_8_from_200_reviews()
    {
        var lucky = Typical() with { RatingSum = 5, ReviewCount = 1 };
        var proven = Typical() with { RatingSum = 960, ReviewCount = 200 };

        Assert.True(Ranking.Score(lucky) < Ranking.Score(proven));
        Assert.True(Ranking.BayesianRating(5, 1) < Ranking.BayesianRating(960, 200));
    }

    [Fact]
    public void Bayesian_rating_starts_at_the_prior_mean()
    {
        Assert.Equal(4.0 / 5, Ranking.BayesianRating(0, 0), 10);
        Assert.Equal((5 * 4.0 + 5) / 6 / 5, Ranking.BayesianRating(5, 1), 10);
    }

    [Fact]
    public void Review_confidence_grows_on_a_log_scale_and_is_capped()
    {
        Assert.Equal(0, Ranking.Confidence(0));
        Assert.True(Ranking.Confidence(10) > Ranking.Confidence(1));
        Assert.True(Ranking.Confidence(10) - Ranking.Confidence(1) > Ranking.Confidence(100) - Ranking.Confidence(91));
        Assert.Equal(1, Ranking.Confidence(100));
        Assert.Equal(1, Ranking.Confidence(5000));
    }

    [Fact]
    public void Distance_term_is_one_at_the_point_zero_at_the_edge_and_neutral_without_location()
    {
        Assert.Equal(1, Ranking.Distance(0, 50));
        Assert.Equal(0, Ranking.Distance(50, 50));
        Assert.Equal(0, Ranking.Distance(80, 50));
        Assert.Equal(0.5, Ranking.Distance(null, 50));
    }

    [Fact]
    public void Cheaper_than_the_median_scores_higher_within_bounds()
    {
        Assert.Equal(0.5, Ranking.Price(8000, 8000));
        Assert.True(Ranking.Price(6000, 8000) > Ranking.Price(8000, 8000));
        Assert.True(Ranking.Price(10000, 8000) < Ranking.Price(8000, 8000));
        Assert.Equal(1, Ranking.Price(0, 8000));
        Assert.Equal(0, Ranking.Price(50000, 8000));
        Assert.Equal(0.5, Ranking.Price(8000, 0));
    }

    [Fact]
    public void Unverified_ranks_below_verified_all_else_equal()
    {
        Assert.True(Ranking.Score(Typical() with { IsVerified = false }) < Ranking.Score(Typical()));
    }

    [Fact]
    public void Median_of_odd_and_even_counts()
    {
        Assert.Equal(0, Ranking.Median([]));
        Assert.Equal(30, Ranking.Median([50, 10, 30]));
        Assert.Equal(25, Ranking.Median([40, 10, 30, 20]));
    }

    [Fact]
    public void Haversine_berlin_to_hamburg_is_about_255_km()
    {
        Assert.InRange(Ranking.HaversineKm(52.52, 13.405, 53.5511, 9.9937), 250, 260);
        Assert.Equal(0, Ranking.HaversineKm(1, 2, 1, 2), 10);
    }

    [Fact]
    public void Same_inputs_give_the_same_score()
    {
        Assert.Equal(Ranking.Score(Typical()), Ranking.Score(Typical()));
    }

    [Fact]
    public void A_provider_who_completes_and_confirms_quickly_ranks_above_one_who_cancels_and_answers_late()
    {
        var reliable = Typical() with { Track = new TrackRecord(Completed: 95, ProviderCancelled: 2, NoShows: 3, Confirmed: 100, TotalConfirmMinutes: 100 * 10) };
        var unreliable = Typical() with { Track = new TrackRecord(Completed: 60, ProviderCancelled: 30, NoShows: 10, Confirmed: 100, TotalConfirmMinutes: 100 * 600) };

        Assert.True(Ranking.Score(reliable) > Ranking.Score(unreliable));
        Assert.InRange(Ranking.Reliability(reliable.Track), 0, 1);
        Assert.InRange(Ranking.Reliability(unreliable.Track), 0, 1);
    }

    [Fact]
    public void A_new_provider_scores_the_prior_reliability_not_zero()
    {
        Assert.Equal(Ranking.Reliability(new TrackRecord(0, 0, 0, 0, 0)), Ranking.Reliability(null), 10);
        Assert.Equal(Ranking.PriorCompletionRate, Ranking.Dependability(null), 10);
        Assert.Equal(1 / (1 + Ranking.PriorConfirmMinutes / Ranking.HalfResponsivenessMinutes), Ranking.Responsiveness(null), 10);
    }
}
