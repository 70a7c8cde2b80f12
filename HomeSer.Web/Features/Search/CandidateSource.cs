using HomeSer.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Search;

/// <summary>A service that matches the query, with its distance from the search point when there is one.</summary>
internal sealed record Candidate(CandidateRow Row, double? DistanceKm);

/// <summary>
/// The services a search can rank: from <see cref="SearchIndex"/> (the normal path) or from the database (the original
/// path, kept for tests that check both give exactly the same candidates).
/// </summary>
public sealed class CandidateSource(HomeSerDbContext db)
{
    /// <summary>
    /// The same candidates as <see cref="FromDatabaseAsync"/>, from the index: the same bounding box (compared exactly as
    /// SQLite compares the stored doubles), the same text rule (<see cref="TextMatch"/>), the same distance rule.
    /// </summary>
    internal static List<Candidate> FromIndex(SearchIndex.Snapshot snapshot, string? q, int? categoryId, SearchPoint? point, double radiusKm)
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

    internal async Task<List<Candidate>> FromDatabaseAsync(string? q, int? categoryId, SearchPoint? point, double radiusKm, CancellationToken cancellationToken)
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

    internal static IQueryable<Catalog.ProviderProfile> WithinBox(IQueryable<Catalog.ProviderProfile> providers, BoundingBox box)
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
}
