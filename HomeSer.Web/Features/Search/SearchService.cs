using System.Globalization;
using HomeSer.Web.Data;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;

namespace HomeSer.Web.Features.Search;

/// <summary>Finds active services of verified providers near a place, with their free time on a date, best first.</summary>
public sealed class SearchService(HomeSerDbContext db, TimeProvider clock, HybridCache cache, AvailabilityCache calendar, SearchIndex index,
    CalendarLoader calendars)
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

    private readonly AvailabilityCache _calendar = calendar;

    public const double DefaultRadiusKm = 50;
    public const double MaxRadiusKm = 200;
    public const int NextAvailableDays = 14;

    /// <summary>Below this many candidates in a category, their median says little; the market median is used.</summary>
    public const int MinCandidatesForLocalMedian = 3;

    /// <summary>A "full day" of free time for the ranking: eight working hours of slot starts.</summary>
    public const int FullDayMinutes = 8 * 60;

    private const double EarthRadiusKm = 6371.0;
    private const string MarketMediansKey = "search:category-median-prices";
    private static readonly HybridCacheEntryOptions MediansCacheOptions = new()
    {
        Expiration = TimeSpan.FromMinutes(5),
        LocalCacheExpiration = TimeSpan.FromMinutes(5),
    };

    public async Task<Result<SearchPage>> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var errors = new Dictionary<string, string[]>();

        var point = ResolvePoint(query, errors);
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
            ? ResolveCategory(snapshot, query.Category, errors)
            : await ResolveCategoryAsync(query.Category, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return DomainError.Validation(errors);
        }

        var candidates = snapshot is not null
            ? Candidates(snapshot, query.Q, categoryId, point, radiusKm)
            : await CandidatesAsync(query.Q, categoryId, point, radiusKm, cancellationToken);
        var medians = await MedianPricesAsync(candidates, cancellationToken);
        var wanted = Math.Min(candidates.Count, query.Page * query.PageSize);
        // Free time is counted from where the customer searched: travel time to the provider's other jobs included.
        var free = new FreeTime(this, date, now, point is { } searched ? new GeoPoint(searched.Lat, searched.Lng) : null);
        var ranked = await RankAsync(candidates, radiusKm, medians, wanted, free, cancellationToken);

        var page = ranked.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
        var nextAvailable = await NextAvailableAsync(page, free, cancellationToken);
        var hits = page.Select(r => ToHit(r.Candidate, r.Score, r.Slots, nextAvailable.GetValueOrDefault(r.Candidate.Row.ServiceId))).ToList();
        return new SearchPage(candidates.Count, query.Page, query.PageSize, date, point is not null, hits);
    }

    /// <summary>
    /// The best <paramref name="wanted"/> candidates in final order. Free time is the only input that needs the calendar,
    /// and it moves a score by at most its weight, so each candidate has a known [low, high] before any calendar is read.
    /// Candidates are scored in order of their best possible place; once the wanted-th scored result ranks ahead of the
    /// best place the next candidate could reach, no later candidate can enter the page. The result is exactly the
    /// first <paramref name="wanted"/> of the full ranking (the order is total: score, distance, service id).
    /// </summary>
    private async Task<List<RankedCandidate>> RankAsync(List<Candidate> candidates, double radiusKm, Dictionary<int, long> medians,
        int wanted, FreeTime free, CancellationToken cancellationToken)
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

    private static SearchPoint? ResolvePoint(SearchQuery query, Dictionary<string, string[]> errors)
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

    private async Task<int?> ResolveCategoryAsync(string? category, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
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
    private static int? ResolveCategory(SearchIndex.Snapshot snapshot, string? category, Dictionary<string, string[]> errors)
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

    /// <summary>
    /// The same candidates as <see cref="CandidatesAsync"/>, from the index: the same bounding box (compared exactly as
    /// SQLite compares the stored doubles), the same text rule (<see cref="TextMatch"/>), the same distance rule.
    /// </summary>
    private static List<Candidate> Candidates(SearchIndex.Snapshot snapshot, string? q, int? categoryId, SearchPoint? point, double radiusKm)
    {
        var pattern = q?.ToLowerInvariant();
        var box = point is { } center ? BoundingBox.Around(center, radiusKm) : (BoundingBox?)null;
        var result = new List<Candidate>();
        foreach (var slot in snapshot.Slots(categoryId))
        {
            // Rows are ordered by latitude: only the box's latitude band is visited.
            var (first, latitudes, longitudes) = (box is { } band ? slot.FirstAtOrAbove(band.MinLat) : 0, slot.Latitudes, slot.Longitudes);
            for (var i = first; i < slot.Rows.Length; i++)
            {
                if (box is { } b)
                {
                    if (latitudes[i] > b.MaxLat)
                    {
                        break;
                    }
                    if (!b.Contains(latitudes[i], longitudes[i]))
                    {
                        continue;
                    }
                }
                var row = slot.Rows[i];
                if (pattern is not null && !TextMatch.Contains(row.ServiceName, pattern)
                    && !TextMatch.Contains(row.ServiceDescription, pattern) && !TextMatch.Contains(row.CategoryName, pattern))
                {
                    continue;
                }
                if (point is not { } origin)
                {
                    result.Add(new Candidate(row, null));
                    continue;
                }
                var distance = Ranking.HaversineKm(origin.Lat, origin.Lng, row.Latitude, row.Longitude);
                if (distance <= radiusKm && distance <= row.ServiceRadiusKm)
                {
                    result.Add(new Candidate(row, distance));
                }
            }
        }
        return result;
    }

    private async Task<List<Candidate>> CandidatesAsync(string? q, int? categoryId, SearchPoint? point, double radiusKm, CancellationToken cancellationToken)
    {
        var services = db.Services.AsNoTracking()
            .Where(s => s.IsActive && s.Provider!.IsActive && s.Provider.IsVerified);
        if (categoryId is { } category)
        {
            services = services.Where(s => s.CategoryId == category);
        }
        if (q is not null)
        {
            var pattern = $"%{EscapeLike(q.ToLowerInvariant())}%";
            services = services.Where(s =>
                EF.Functions.Like(s.Name.ToLower(), pattern, "\\")
                || EF.Functions.Like(s.Description.ToLower(), pattern, "\\")
                || EF.Functions.Like(s.Category!.Name.ToLower(), pattern, "\\"));
        }
        if (point is { } center)
        {
            // As a subquery, SQLite lists the providers in the box through the coordinates index first and then finds
            // their services by (category, provider); as a join filter it would scan the whole category instead.
            var inBox = WithinBox(db.Providers.Where(p => p.IsActive && p.IsVerified), BoundingBox.Around(center, radiusKm)).Select(p => p.Id);
            services = services.Where(s => inBox.Contains(s.ProviderId));
        }

        var rows = await services
            .Select(s => new CandidateRow(
                s.Id, s.Name, s.Description, s.CategoryId, s.Category!.Slug, s.Category.Name, s.PriceCents, s.Currency, s.DurationMinutes,
                s.ProviderId, s.Provider!.DisplayName, s.Provider.Latitude, s.Provider.Longitude, s.Provider.ServiceRadiusKm,
                s.Provider.RatingSum, s.Provider.ReviewCount, s.Provider.IsVerified, s.Provider.TimeZoneId,
                s.Provider.BufferMinutes, s.Provider.MinNoticeMinutes, s.Provider.MaxAdvanceDays, s.Provider.SlotStepMinutes,
                s.Provider.ScheduleVersion, s.Provider.CompletedCount, s.Provider.ProviderCancelledCount, s.Provider.NoShowCount,
                s.Provider.ConfirmedCount, s.Provider.TotalConfirmMinutes, s.Provider.TravelSpeedKmh))
            .ToListAsync(cancellationToken);

        if (point is not { } origin)
        {
            return rows.Select(r => new Candidate(r, null)).ToList();
        }
        // The box is a cheap index filter; the exact rule is the great-circle distance, inside both the search
        // radius and the distance the provider is willing to travel.
        return rows
            .Select(r => new Candidate(r, Ranking.HaversineKm(origin.Lat, origin.Lng, r.Latitude, r.Longitude)))
            .Where(c => c.DistanceKm <= radiusKm && c.DistanceKm <= c.Row.ServiceRadiusKm)
            .ToList();
    }

    private static IQueryable<Catalog.ProviderProfile> WithinBox(IQueryable<Catalog.ProviderProfile> providers, BoundingBox box)
    {
        var (minLat, maxLat, minLng, maxLng) = (box.MinLat, box.MaxLat, box.MinLng, box.MaxLng);
        providers = providers.Where(p => p.Latitude >= minLat && p.Latitude <= maxLat);
        if (box.AllLongitudes)
        {
            return providers;
        }
        if (minLng < -180)
        {
            var wrapped = minLng + 360;
            return providers.Where(p => p.Longitude >= wrapped || p.Longitude <= maxLng);
        }
        if (maxLng > 180)
        {
            var wrapped = maxLng - 360;
            return providers.Where(p => p.Longitude >= minLng || p.Longitude <= wrapped);
        }
        return providers.Where(p => p.Longitude >= minLng && p.Longitude <= maxLng);
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>
    /// First free start on or after the date within <see cref="NextAvailableDays"/> days, for one page of results only:
    /// a result free on the date needs nothing more; the rest share one batch over the following days.
    /// </summary>
    private static async Task<Dictionary<int, DateTime>> NextAvailableAsync(List<RankedCandidate> page, FreeTime free, CancellationToken cancellationToken)
    {
        var result = new Dictionary<int, DateTime>();
        var onDate = await free.SlotsAsync(page.Select(r => r.Candidate.Row).ToList(), free.Date, 1, cancellationToken);
        var later = new List<CandidateRow>();
        foreach (var row in page.Select(r => r.Candidate.Row))
        {
            if (onDate[(row.ProviderId, row.DurationMinutes)] is [var first, ..])
            {
                result[row.ServiceId] = first.StartUtc;
            }
            else
            {
                later.Add(row);
            }
        }
        if (later.Count == 0)
        {
            return result;
        }
        var afterDate = await free.SlotsAsync(later, free.Date.AddDays(1), NextAvailableDays - 1, cancellationToken);
        foreach (var row in later)
        {
            if (afterDate[(row.ProviderId, row.DurationMinutes)] is [var first, ..])
            {
                result[row.ServiceId] = first.StartUtc;
            }
        }
        return result;
    }

    /// <summary>
    /// Free slots of candidates through <see cref="AvailabilityCache"/> (the same entries the availability endpoint
    /// uses); the misses of one call are loaded together, one query per table, and stored for the next search.
    /// </summary>
    private sealed class FreeTime(SearchService search, DateOnly date, DateTime now, GeoPoint? from)
    {
        private readonly Dictionary<(int ProviderId, int Duration), int> _countsOnDate = [];

        public DateOnly Date => date;

        public async Task<Dictionary<(int ProviderId, int Duration), int>> OnDateAsync(List<CandidateRow> rows, CancellationToken ct)
        {
            var missing = rows.Where(r => !_countsOnDate.ContainsKey((r.ProviderId, r.DurationMinutes))).ToList();
            if (missing.Count > 0)
            {
                foreach (var (key, slots) in await SlotsAsync(missing, date, 1, ct))
                {
                    _countsOnDate[key] = slots.Count;
                }
            }
            return _countsOnDate;
        }

        public async Task<Dictionary<(int ProviderId, int Duration), IReadOnlyList<Slot>>> SlotsAsync(
            List<CandidateRow> rows, DateOnly firstDay, int days, CancellationToken ct)
        {
            var result = new Dictionary<(int ProviderId, int Duration), IReadOnlyList<Slot>>();
            var misses = new List<(CandidateRow Row, CalendarKey Key)>();
            foreach (var row in rows.DistinctBy(r => (r.ProviderId, r.DurationMinutes)))
            {
                var key = new CalendarKey(row.ProviderId, row.ScheduleVersion, firstDay, days, row.DurationMinutes, from);
                if (await search._calendar.TryGetAsync(key, ct) is { } cached)
                {
                    result[(row.ProviderId, row.DurationMinutes)] = AvailabilityCache.Window(cached, row.MinNoticeMinutes, row.MaxAdvanceDays, now);
                }
                else
                {
                    misses.Add((row, key));
                }
            }
            if (misses.Count == 0)
            {
                return result;
            }

            var computed = await search.ComputeAsync(misses.Select(m => m.Row).ToList(), firstDay, days, from, ct);
            foreach (var (row, key) in misses)
            {
                var slots = computed[(row.ProviderId, row.DurationMinutes)];
                await search._calendar.SetAsync(key, slots, ct);
                result[(row.ProviderId, row.DurationMinutes)] = AvailabilityCache.Window(slots, row.MinNoticeMinutes, row.MaxAdvanceDays, now);
            }
            return result;
        }
    }

    /// <summary>
    /// Slots (before the booking window) of many providers over the same local days, as AvailabilityService computes
    /// them for one: weekly hours, breaks, time off and active bookings each in one query for all of them.
    /// </summary>
    private async Task<Dictionary<(int ProviderId, int Duration), CachedSlots>> ComputeAsync(List<CandidateRow> rows, DateOnly firstDay, int days,
        GeoPoint? from, CancellationToken cancellationToken)
    {
        var schedules = await calendars.SchedulesAsync(rows.DistinctBy(r => r.ProviderId).Select(r => r.Rules).ToList(), cancellationToken);

        // A slot late on the last day may run past its midnight, so bookings up to one duration later matter too.
        var longest = rows.Max(r => r.DurationMinutes);
        var ranges = schedules.Values.Select(s => AvailabilityEngine.UtcRangeAffectingLocalDays(s, firstDay, days)).ToList();
        var range = new UtcInterval(ranges.Min(r => r.Start), ranges.Max(r => r.End).AddMinutes(longest));
        var blocking = await calendars.BlockingAsync(schedules.Keys, range, null, cancellationToken);

        return rows.DistinctBy(r => (r.ProviderId, r.DurationMinutes)).ToDictionary(
            r => (r.ProviderId, r.DurationMinutes),
            r => AvailabilityCache.Compute(schedules[r.ProviderId], blocking[r.ProviderId].TimeOff, blocking[r.ProviderId].Busy,
                firstDay, days, r.DurationMinutes, from));
    }

    /// <summary>
    /// The median price per category among the candidates; a category with too few candidates falls back to the
    /// market-wide median, which is cached briefly because it changes only when prices do.
    /// </summary>
    private async Task<Dictionary<int, long>> MedianPricesAsync(List<Candidate> candidates, CancellationToken cancellationToken)
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

    private static SearchHit ToHit(Candidate candidate, double score, int slots, DateTime? nextAvailable)
    {
        var r = candidate.Row;
        var rating = r.ReviewCount == 0 ? 0 : Math.Round((double)r.RatingSum / r.ReviewCount, 2);
        return new SearchHit(r.ServiceId, r.ServiceName, r.CategoryId, r.CategorySlug, r.CategoryName, r.PriceCents, r.Currency,
            r.DurationMinutes, r.ProviderId, r.ProviderName, rating, r.ReviewCount,
            candidate.DistanceKm is { } d ? Math.Round(d, 2) : null, r.TimeZoneId, score, slots,
            nextAvailable is { } next ? Utc(next) : null);
    }

    // SQLite hands DateTimes back without a Kind; they are stored as UTC.
    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private readonly record struct SearchPoint(double Lat, double Lng);

    private sealed record Candidate(CandidateRow Row, double? DistanceKm);

    private sealed record RankedCandidate(Candidate Candidate, double Score, int Slots);

    /// <summary>Latitude/longitude box that contains every point within the radius (Matuschek's bounds).</summary>
    private readonly record struct BoundingBox(double MinLat, double MaxLat, double MinLng, double MaxLng, bool AllLongitudes)
    {
        public static BoundingBox Around(SearchPoint center, double radiusKm)
        {
            var angular = radiusKm / EarthRadiusKm;
            var lat = center.Lat * Math.PI / 180;
            var minLat = lat - angular;
            var maxLat = lat + angular;
            const double halfPi = Math.PI / 2;
            if (minLat <= -halfPi || maxLat >= halfPi)
            {
                // The circle reaches a pole: every longitude is within reach.
                return new BoundingBox(Degrees(Math.Max(minLat, -halfPi)), Degrees(Math.Min(maxLat, halfPi)), -180, 180, true);
            }
            var deltaLng = Math.Asin(Math.Sin(angular) / Math.Cos(lat));
            var lng = center.Lng * Math.PI / 180;
            return new BoundingBox(Degrees(minLat), Degrees(maxLat), Degrees(lng - deltaLng), Degrees(lng + deltaLng), false);
        }

        private static double Degrees(double radians) => radians * 180 / Math.PI;

        /// <summary>The filter <see cref="WithinBox"/> puts into SQL, in the same order, on the same doubles.</summary>
        public bool Contains(double latitude, double longitude)
        {
            if (!(latitude >= MinLat && latitude <= MaxLat))
            {
                return false;
            }
            if (AllLongitudes)
            {
                return true;
            }
            if (MinLng < -180)
            {
                var wrapped = MinLng + 360;
                return longitude >= wrapped || longitude <= MaxLng;
            }
            if (MaxLng > 180)
            {
                var wrapped = MaxLng - 360;
                return longitude >= MinLng || longitude <= wrapped;
            }
            return longitude >= MinLng && longitude <= MaxLng;
        }
    }
}
