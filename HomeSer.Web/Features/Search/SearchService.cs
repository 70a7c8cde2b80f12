using HomeSer.Web.Data;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Infrastructure;

namespace HomeSer.Web.Features.Search;

/// <summary>
/// Finds active services of verified providers near a place, with their free time on a date, best first. The parts
/// change for their own reasons: <see cref="SearchQueryRules"/> reads the query, <see cref="CandidateSource"/> finds what
/// can match, <see cref="PriceMedians"/> and <see cref="SearchFreeTime"/> supply ranking inputs, <see cref="Ranking"/> scores.
/// </summary>
public sealed class SearchService(HomeSerDbContext db, TimeProvider clock, AvailabilityCache calendar, SearchIndex index,
    CalendarLoader calendars, CandidateSource candidateSource, PriceMedians priceMedians)
{
    /// <summary>Candidates whose calendar is read together while pruning (one query per table per batch).</summary>
    private const int MinScoringBatch = 64;

    /// <summary>Off only in tests, to check that pruning by the free-time bound returns exactly the full ranking.</summary>
    internal bool PruneByBound { get; set; } = true;

    /// <summary>
    /// Off only in tests: candidates and the category come from the database (the original path) instead of
    /// <see cref="SearchIndex"/>, to check that both give exactly the same answer.
    /// </summary>
    internal bool UseIndex { get; set; } = true;

    public const double DefaultRadiusKm = 50;
    public const double MaxRadiusKm = 200;
    public const int NextAvailableDays = SearchFreeTime.NextAvailableDays;

    /// <summary>A "full day" of free time for the ranking: eight working hours of slot starts.</summary>
    public const int FullDayMinutes = 8 * 60;

    /// <summary>How many free starts each result offers to book straight from the results.</summary>
    public const int FirstFreePerResult = 3;

    public async Task<Result<SearchPage>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var errors = new Dictionary<string, string[]>();

        var point = SearchQueryRules.ResolvePoint(query, errors);
        var radiusKm = query.RadiusKm ?? DefaultRadiusKm;
        if (query.RadiusKm is { } radius && (radius <= 0 || radius > MaxRadiusKm))
        {
            errors["radius_km"] = [$"Must be more than 0 and at most {MaxRadiusKm:0} km."];
        }
        var date = query.Date ?? today;
        if (date < today)
        {
            errors["date"] = [$"The date is in the past; choose {today:yyyy-MM-dd} or later."];
        }
        if (query.Page is < 1 or > PageRequest.MaxPage)
        {
            errors["page"] = [$"Must be between 1 and {PageRequest.MaxPage}."];
        }
        if (query.PageSize is < 1 or > SearchQuery.MaxPageSize)
        {
            errors["page_size"] = [$"Must be between 1 and {SearchQuery.MaxPageSize}."];
        }
        var snapshot = UseIndex ? await index.GetAsync(cancellationToken) : null;
        var categoryId = snapshot is not null
            ? SearchQueryRules.ResolveCategory(snapshot, query.Category, errors)
            : await SearchQueryRules.ResolveCategoryAsync(db, query.Category, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return DomainError.Validation(errors);
        }

        var candidates = snapshot is not null
            ? CandidateSource.FromIndex(snapshot, query.Q, categoryId, point, radiusKm)
            : await candidateSource.FromDatabaseAsync(query.Q, categoryId, point, radiusKm, cancellationToken);
        // Medians of the whole match, so a price filter does not move the other results' scores.
        var medians = await priceMedians.ForAsync(candidates, cancellationToken);
        var refine = query.Refinement;
        if (refine != SearchRefinement.None)
        {
            candidates = candidates.Where(c => refine.Admits(c.Row)).ToList();
        }
        // Free time is counted from where the customer searched: travel time to the provider's other jobs included.
        var free = new SearchFreeTime(calendar, calendars, date, now, point is { } searched ? new GeoPoint(searched.Lat, searched.Lng) : null);

        List<RankedCandidate> page;
        Dictionary<int, IReadOnlyList<DateTime>> firstFree;
        int count;
        if (refine.NeedsEveryCandidate)
        {
            // Another order or the free-time filter needs every candidate's calendar: no pruning by the score bound.
            var all = await RankAsync(candidates, radiusKm, medians, candidates.Count, free, cancellationToken);
            if (refine.AvailableOnDate)
            {
                all = all.Where(r => r.Slots > 0).ToList();
            }
            var allFree = refine.Sort == SearchSort.Soonest
                ? await free.FirstFreeAsync(all.Select(r => r.Candidate.Row).ToList(), FirstFreePerResult, cancellationToken)
                : null;
            all = Order(all, refine.Sort, allFree);
            count = all.Count;
            page = all.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
            firstFree = allFree ?? await free.FirstFreeAsync(page.Select(r => r.Candidate.Row).ToList(), FirstFreePerResult, cancellationToken);
        }
        else
        {
            var wanted = Math.Min(candidates.Count, query.Page * query.PageSize);
            var ranked = await RankAsync(candidates, radiusKm, medians, wanted, free, cancellationToken);
            count = candidates.Count;
            page = ranked.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
            firstFree = await free.FirstFreeAsync(page.Select(r => r.Candidate.Row).ToList(), FirstFreePerResult, cancellationToken);
        }
        var hits = page.Select(r => ToHit(r.Candidate, r.Score, r.Slots, firstFree.GetValueOrDefault(r.Candidate.Row.ServiceId) ?? [])).ToList();
        return new SearchPage(count, query.Page, query.PageSize, date, point is not null, hits);
    }

    /// <summary>The ranked list in the chosen order; ties keep the ranking's order (a stable sort).</summary>
    private static List<RankedCandidate> Order(List<RankedCandidate> ranked, SearchSort sort,
        Dictionary<int, IReadOnlyList<DateTime>>? firstFree) => sort switch
    {
        SearchSort.Price => [.. ranked.OrderBy(r => r.Candidate.Row.PriceCents)],
        SearchSort.Rating => [.. ranked
            .OrderByDescending(r => r.Candidate.Row.ReviewCount == 0 ? 0 : (double)r.Candidate.Row.RatingSum / r.Candidate.Row.ReviewCount)
            .ThenByDescending(r => r.Candidate.Row.ReviewCount)],
        SearchSort.Soonest => [.. ranked.OrderBy(r => firstFree!.GetValueOrDefault(r.Candidate.Row.ServiceId) is [var first, ..] ? first : DateTime.MaxValue)],
        _ => ranked,
    };

    /// <summary>
    /// The best <paramref name="wanted"/> candidates in final order. Free time is the only input that needs the calendar,
    /// and it moves a score by at most its weight, so each candidate has a known [low, high] before any calendar is read.
    /// Candidates are scored in order of their best possible place; once the wanted-th scored result ranks ahead of the
    /// best place the next candidate could reach, no later candidate can enter the page. The result is exactly the
    /// first <paramref name="wanted"/> of the full ranking (the order is total: score, distance, service id).
    /// </summary>
    private async Task<List<RankedCandidate>> RankAsync(List<Candidate> candidates, double radiusKm, Dictionary<int, long> medians,
        int wanted, SearchFreeTime free, CancellationToken cancellationToken)
    {
        if (wanted == 0)
        {
            return [];
        }
        var bounded = new List<(Candidate Candidate, RankingInputs Inputs, double High)>(candidates.Count);
        foreach (var c in candidates)
        {
            var inputs = Inputs(c, radiusKm, medians, 0);
            bounded.Add((c, inputs, Ranking.Score(inputs with { SlotsOnDate = inputs.FullDaySlots })));
        }
        // Best possible score descending, then distance, then service id: a total order, so an unstable sort is exact.
        bounded.Sort(static (a, b) =>
        {
            var byHigh = b.High.CompareTo(a.High);
            if (byHigh != 0)
            {
                return byHigh;
            }
            var byDistance = (a.Candidate.DistanceKm ?? 0).CompareTo(b.Candidate.DistanceKm ?? 0);
            return byDistance != 0 ? byDistance : a.Candidate.Row.ServiceId.CompareTo(b.Candidate.Row.ServiceId);
        });

        var scored = new List<RankedCandidate>();
        var next = 0;
        var batch = Math.Max(wanted, MinScoringBatch);
        while (next < bounded.Count)
        {
            if (PruneByBound && scored.Count >= wanted)
            {
                scored.Sort(RankOrder);
                var cut = scored[wanted - 1];
                var best = bounded[next];
                if (RankOrder(cut, new RankedCandidate(best.Candidate, best.High, 0)) < 0)
                {
                    break;
                }
            }
            var take = PruneByBound ? bounded.GetRange(next, Math.Min(batch, bounded.Count - next)) : bounded;
            next += take.Count;
            var slots = await free.OnDateAsync(take.Select(b => b.Candidate.Row).ToList(), cancellationToken);
            foreach (var b in take)
            {
                var count = slots[(b.Candidate.Row.ProviderId, b.Candidate.Row.DurationMinutes)];
                scored.Add(new RankedCandidate(b.Candidate, Ranking.Score(b.Inputs with { SlotsOnDate = count }), count));
            }
        }
        scored.Sort(RankOrder);
        return scored.Count > wanted ? scored[..wanted] : scored;
    }

    private static RankingInputs Inputs(Candidate c, double radiusKm, Dictionary<int, long> medians, int slots) => new(
        c.Row.RatingSum, c.Row.ReviewCount, c.DistanceKm, radiusKm, slots,
        FullDayMinutes / Math.Max(1, c.Row.SlotStepMinutes), c.Row.PriceCents,
        medians.GetValueOrDefault(c.Row.CategoryId), c.Row.IsVerified,
        new TrackRecord(c.Row.CompletedCount, c.Row.ProviderCancelledCount, c.Row.NoShowCount, c.Row.ConfirmedCount, c.Row.TotalConfirmMinutes));

    /// <summary>Score descending, then distance ascending, then service id: a total order, so equal scores stay stable.</summary>
    private static int RankOrder(RankedCandidate a, RankedCandidate b)
    {
        var byScore = b.Score.CompareTo(a.Score);
        if (byScore != 0)
        {
            return byScore;
        }
        var byDistance = (a.Candidate.DistanceKm ?? 0).CompareTo(b.Candidate.DistanceKm ?? 0);
        return byDistance != 0 ? byDistance : a.Candidate.Row.ServiceId.CompareTo(b.Candidate.Row.ServiceId);
    }

    private static SearchHit ToHit(Candidate candidate, double score, int slots, IReadOnlyList<DateTime> firstFree)
    {
        var r = candidate.Row;
        var rating = r.ReviewCount == 0 ? 0 : Math.Round((double)r.RatingSum / r.ReviewCount, 2);
        return new SearchHit(r.ServiceId, r.ServiceName, r.CategoryId, r.CategorySlug, r.CategoryName, r.PriceCents, r.Currency,
            r.DurationMinutes, r.ProviderId, r.ProviderName, rating, r.ReviewCount,
            candidate.DistanceKm is { } d ? Math.Round(d, 2) : null, r.TimeZoneId, score, slots,
            firstFree is [var next, ..] ? Utc(next) : null)
        {
            FirstFreeUtc = [.. firstFree.Select(Utc)],
        };
    }

    // SQLite hands DateTimes back without a Kind; they are stored as UTC.
    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private sealed record RankedCandidate(Candidate Candidate, double Score, int Slots);
}
