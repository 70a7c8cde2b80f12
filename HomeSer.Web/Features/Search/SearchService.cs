using System.Globalization;
using HomeSer.Web.Data;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;

namespace HomeSer.Web.Features.Search;

/// <summary>Finds active services of verified providers near a place, with their free time on a date, best first.</summary>
public sealed class SearchService(HomeSerDbContext db, TimeProvider clock, HybridCache cache)
{
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
        if (query.Page < 1)
        {
            errors["page"] = ["Must be 1 or more."];
        }
        if (query.PageSize is < 1 or > SearchQuery.MaxPageSize)
        {
            errors["page_size"] = [$"Must be between 1 and {SearchQuery.MaxPageSize}."];
        }
        var categoryId = await ResolveCategoryAsync(query.Category, errors, cancellationToken);
        if (errors.Count > 0)
        {
            return DomainError.Validation(errors);
        }

        var candidates = await CandidatesAsync(query.Q, categoryId, point, radiusKm, cancellationToken);
        var schedules = await SchedulesAsync(candidates.Select(c => c.Row.ProviderId).Distinct().ToList(), candidates, cancellationToken);
        var onDate = await BlockedTimeAsync(schedules, date, 1, cancellationToken);
        var slotsOnDate = new Dictionary<(int ProviderId, int Duration), IReadOnlyList<Slot>>();
        IReadOnlyList<Slot> SlotsOnDate(CandidateRow row) =>
            slotsOnDate.TryGetValue((row.ProviderId, row.DurationMinutes), out var known)
                ? known
                : slotsOnDate[(row.ProviderId, row.DurationMinutes)] =
                    onDate.FreeSlots(schedules[row.ProviderId], row.ProviderId, date, 1, row.DurationMinutes, now);

        var medians = await MedianPricesAsync(candidates, cancellationToken);
        var ranked = candidates
            .Select(c =>
            {
                var slots = SlotsOnDate(c.Row).Count;
                var score = Ranking.Score(new RankingInputs(
                    c.Row.RatingSum, c.Row.ReviewCount, c.DistanceKm, radiusKm, slots,
                    FullDayMinutes / Math.Max(1, c.Row.SlotStepMinutes), c.Row.PriceCents,
                    medians.GetValueOrDefault(c.Row.CategoryId), c.Row.IsVerified));
                return (Candidate: c, Score: score, Slots: slots);
            })
            .OrderByDescending(r => r.Score)
            .ThenBy(r => r.Candidate.DistanceKm ?? 0)
            .ThenBy(r => r.Candidate.Row.ServiceId)
            .ToList();

        var page = ranked.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList();
        var nextAvailable = await NextAvailableAsync(
            page.Select(r => r.Candidate.Row).ToList(), schedules, date, now, SlotsOnDate, cancellationToken);
        var hits = page.Select(r => ToHit(r.Candidate, r.Score, r.Slots, nextAvailable.GetValueOrDefault(r.Candidate.Row.ServiceId))).ToList();
        return new SearchPage(ranked.Count, query.Page, query.PageSize, date, point is not null, hits);
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
            services = WithinBox(services, BoundingBox.Around(center, radiusKm));
        }

        var rows = await services
            .Select(s => new CandidateRow(
                s.Id, s.Name, s.CategoryId, s.Category!.Slug, s.Category.Name, s.PriceCents, s.Currency, s.DurationMinutes,
                s.ProviderId, s.Provider!.DisplayName, s.Provider.Latitude, s.Provider.Longitude, s.Provider.ServiceRadiusKm,
                s.Provider.RatingSum, s.Provider.ReviewCount, s.Provider.IsVerified, s.Provider.TimeZoneId,
                s.Provider.BufferMinutes, s.Provider.MinNoticeMinutes, s.Provider.MaxAdvanceDays, s.Provider.SlotStepMinutes))
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

    private static IQueryable<Catalog.Service> WithinBox(IQueryable<Catalog.Service> services, BoundingBox box)
    {
        var (minLat, maxLat, minLng, maxLng) = (box.MinLat, box.MaxLat, box.MinLng, box.MaxLng);
        services = services.Where(s => s.Provider!.Latitude >= minLat && s.Provider.Latitude <= maxLat);
        if (box.AllLongitudes)
        {
            return services;
        }
        if (minLng < -180)
        {
            var wrapped = minLng + 360;
            return services.Where(s => s.Provider!.Longitude >= wrapped || s.Provider.Longitude <= maxLng);
        }
        if (maxLng > 180)
        {
            var wrapped = maxLng - 360;
            return services.Where(s => s.Provider!.Longitude >= minLng || s.Provider.Longitude <= wrapped);
        }
        return services.Where(s => s.Provider!.Longitude >= minLng && s.Provider.Longitude <= maxLng);
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>Weekly hours and breaks of all the providers: one query per table.</summary>
    private async Task<Dictionary<int, ProviderSchedule>> SchedulesAsync(List<int> providerIds, List<Candidate> candidates, CancellationToken cancellationToken)
    {
        if (providerIds.Count == 0)
        {
            return [];
        }
        var hours = (await db.WeeklyHours.AsNoTracking()
                .Where(h => providerIds.Contains(h.ProviderId))
                .Select(h => new { h.ProviderId, h.Day, h.Start, h.End })
                .ToListAsync(cancellationToken))
            .ToLookup(h => h.ProviderId, h => new WorkingInterval(h.Day, h.Start, h.End));
        var breaks = (await db.WeeklyBreaks.AsNoTracking()
                .Where(b => providerIds.Contains(b.ProviderId))
                .Select(b => new { b.ProviderId, b.Day, b.Start, b.End })
                .ToListAsync(cancellationToken))
            .ToLookup(b => b.ProviderId, b => new WorkingBreak(b.Day, b.Start, b.End));
        return candidates
            .Select(c => c.Row)
            .DistinctBy(r => r.ProviderId)
            .ToDictionary(r => r.ProviderId, r => new ProviderSchedule(
                r.TimeZoneId, hours[r.ProviderId].ToList(), breaks[r.ProviderId].ToList(),
                r.BufferMinutes, r.MinNoticeMinutes, r.MaxAdvanceDays, r.SlotStepMinutes));
    }

    /// <summary>Time off and active bookings of all the providers over the local days: one query per table.</summary>
    private async Task<BlockedTime> BlockedTimeAsync(IReadOnlyDictionary<int, ProviderSchedule> schedules, DateOnly firstDay, int days, CancellationToken cancellationToken)
    {
        if (schedules.Count == 0)
        {
            return BlockedTime.Empty;
        }
        var ranges = schedules.Values.Select(s => AvailabilityEngine.UtcRangeAffectingLocalDays(s, firstDay, days)).ToList();
        var from = ranges.Min(r => r.Start);
        var to = ranges.Max(r => r.End);
        var providerIds = schedules.Keys.ToList();
        var active = BookingStatusNames.Active.ToList();

        var timeOff = await db.TimeOff.AsNoTracking()
            .Where(t => providerIds.Contains(t.ProviderId) && t.StartUtc < to && t.EndUtc > from)
            .Select(t => new { t.ProviderId, t.StartUtc, t.EndUtc })
            .ToListAsync(cancellationToken);
        var busy = await db.Bookings.AsNoTracking()
            .Where(b => providerIds.Contains(b.ProviderId) && active.Contains(b.Status) && b.StartUtc < to && b.ScheduledEndUtc > from)
            .Select(b => new { b.ProviderId, b.StartUtc, b.ScheduledEndUtc })
            .ToListAsync(cancellationToken);
        return new BlockedTime(
            timeOff.ToLookup(t => t.ProviderId, t => new UtcInterval(Utc(t.StartUtc), Utc(t.EndUtc))),
            busy.ToLookup(b => b.ProviderId, b => new UtcInterval(Utc(b.StartUtc), Utc(b.ScheduledEndUtc))));
    }

    /// <summary>
    /// First free start on or after the date within <see cref="NextAvailableDays"/> days, for one page of results only:
    /// a result free on the date needs nothing more; the rest share one batch over the following days.
    /// </summary>
    private async Task<Dictionary<int, DateTime>> NextAvailableAsync(IReadOnlyList<CandidateRow> rows,
        IReadOnlyDictionary<int, ProviderSchedule> schedules, DateOnly date, DateTime now,
        Func<CandidateRow, IReadOnlyList<Slot>> slotsOnDate, CancellationToken cancellationToken)
    {
        var result = new Dictionary<int, DateTime>();
        var later = new List<CandidateRow>();
        foreach (var row in rows)
        {
            var slots = slotsOnDate(row);
            if (slots.Count > 0)
            {
                result[row.ServiceId] = slots[0].StartUtc;
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

        var firstDay = date.AddDays(1);
        const int days = NextAvailableDays - 1;
        var laterSchedules = later.Select(r => r.ProviderId).Distinct().ToDictionary(id => id, id => schedules[id]);
        var blocked = await BlockedTimeAsync(laterSchedules, firstDay, days, cancellationToken);
        foreach (var row in later)
        {
            var slots = blocked.FreeSlots(schedules[row.ProviderId], row.ProviderId, firstDay, days, row.DurationMinutes, now);
            if (slots.Count > 0)
            {
                result[row.ServiceId] = slots[0].StartUtc;
            }
        }
        return result;
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

    private sealed record CandidateRow(
        int ServiceId, string ServiceName, int CategoryId, string CategorySlug, string CategoryName, long PriceCents,
        string Currency, int DurationMinutes, int ProviderId, string ProviderName, double Latitude, double Longitude,
        double ServiceRadiusKm, int RatingSum, int ReviewCount, bool IsVerified, string TimeZoneId, int BufferMinutes,
        int MinNoticeMinutes, int MaxAdvanceDays, int SlotStepMinutes);

    private sealed record Candidate(CandidateRow Row, double? DistanceKm);

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
    }

    /// <summary>Time off and busy intervals per provider, loaded in one batch.</summary>
    private sealed class BlockedTime(ILookup<int, UtcInterval> timeOff, ILookup<int, UtcInterval> busy)
    {
        public static readonly BlockedTime Empty = new(
            Array.Empty<UtcInterval>().ToLookup(_ => 0), Array.Empty<UtcInterval>().ToLookup(_ => 0));

        public IReadOnlyList<Slot> FreeSlots(ProviderSchedule schedule, int providerId, DateOnly firstDay, int days, int durationMinutes, DateTime now) =>
            AvailabilityEngine.FreeSlots(schedule, timeOff[providerId].ToList(), busy[providerId].ToList(), firstDay, days, durationMinutes, now);
    }
}
