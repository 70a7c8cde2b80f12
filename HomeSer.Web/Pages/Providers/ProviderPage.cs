using HomeSer.Web.Data;
using HomeSer.Web.Features.Providers;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Pages.Providers;

/// <summary>Everything a customer weighs before letting a provider into their home, read in a few small queries.</summary>
public sealed record ProviderPageView(
    int Id, string DisplayName, string Bio, string City, double RadiusKm, bool Verified, DateTime MemberSince,
    int ReviewCount, double Rating, int JobsDone, int ConfirmedCount, long TotalConfirmMinutes, string? PhotoUrl,
    IReadOnlyList<ProviderPageService> Services, IReadOnlyList<int> StarCounts, IReadOnlyList<ProviderPageReview> Reviews)
{
    /// <summary>"Usually confirms within 2 h", from the average time between a request and its confirmation.</summary>
    public string? ResponseTime => ConfirmedCount == 0 ? null : (TotalConfirmMinutes / ConfirmedCount) switch
    {
        < 15 => "within 15 min",
        < 60 and var m => $"within {(m + 14) / 15 * 15} min",
        < 24 * 60 and var m => $"within {(m + 59) / 60} h",
        var m => $"within {(m + 24 * 60 - 1) / (24 * 60)} days",
    };
}

public sealed record ProviderPageService(int Id, string Name, string Category, long PriceCents, string Currency, int DurationMinutes);

public sealed record ProviderPageReview(int Rating, string Comment, string CustomerName, DateTime CreatedAt);

public sealed class ProviderPageQuery(HomeSerDbContext db, ProviderPhotos photos)
{
    public const int ReviewsShown = 20;

    public async Task<ProviderPageView?> LoadAsync(int id, CancellationToken ct)
    {
        var provider = await db.Providers.AsNoTracking().Where(p => p.Id == id && p.IsActive)
            .Select(p => new
            {
                p.Id,
                p.DisplayName,
                p.Bio,
                p.City,
                p.ServiceRadiusKm,
                p.IsVerified,
                p.CreatedAt,
                p.ConfirmedCount,
                p.TotalConfirmMinutes,
            })
            .FirstOrDefaultAsync(ct);
        if (provider is null)
        {
            return null;
        }
        var services = await db.Services.AsNoTracking().Where(s => s.ProviderId == id && s.IsActive).OrderBy(s => s.Name)
            .Select(s => new ProviderPageService(s.Id, s.Name, s.Category!.Name, s.PriceCents, s.Currency, s.DurationMinutes))
            .ToListAsync(ct);
        var stars = await db.Reviews.AsNoTracking().Where(r => r.ProviderId == id).GroupBy(r => r.Rating)
            .Select(g => new { Rating = g.Key, Count = g.Count() }).ToListAsync(ct);
        var reviews = await db.Reviews.AsNoTracking().Where(r => r.ProviderId == id)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(ReviewsShown)
            .Join(db.Users, r => r.CustomerId, u => u.Id, (r, u) => new ProviderPageReview(r.Rating, r.Comment, Features.Accounts.ClosedAccounts.ReviewerName(u.DisplayName, u.Email), r.CreatedAt))
            .ToListAsync(ct);
        // Counted from the bookings rather than the event-kept counter, so imported or seeded history counts too.
        var jobsDone = await db.Bookings.AsNoTracking().Where(b => b.ProviderId == id).Where(Features.Bookings.BookingFilters.Done).CountAsync(ct);
        var version = await photos.VersionAsync(id, ct);
        var reviewCount = stars.Sum(s => s.Count);
        return new ProviderPageView(
            provider.Id, provider.DisplayName, provider.Bio, provider.City, provider.ServiceRadiusKm, provider.IsVerified, provider.CreatedAt,
            reviewCount, reviewCount == 0 ? 0 : Math.Round((double)stars.Sum(s => s.Rating * s.Count) / reviewCount, 1),
            jobsDone, provider.ConfirmedCount, provider.TotalConfirmMinutes,
            version is null ? null : ProviderPhotos.Url(id, version),
            services,
            Enumerable.Range(1, 5).Select(star => stars.FirstOrDefault(s => s.Rating == star)?.Count ?? 0).ToList(),
            reviews);
    }
}
