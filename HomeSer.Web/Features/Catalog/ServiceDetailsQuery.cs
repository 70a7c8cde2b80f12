using HomeSer.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Catalog;

public sealed record ProviderCard(int Id, string DisplayName, string City, int RatingSum, int ReviewCount, bool IsVerified, string TimeZoneId, int SlotStepMinutes)
{
    public double Rating => ReviewCount == 0 ? 0 : Math.Round((double)RatingSum / ReviewCount, 1);
}

public sealed record ServiceDetails(int Id, string Name, string Description, string CategoryName, long PriceCents, string Currency,
    int DurationMinutes, int MinDurationMinutes, int MaxDurationMinutes, bool IsActive, ProviderCard Provider);

public sealed record ReviewSummary(string CustomerName, int Rating, string Comment, DateTime CreatedAt);

/// <summary>What a booking list or page shows besides the booking itself: names and the provider's zone.</summary>
public sealed record BookingLabels(string ServiceName, string ProviderName, string TimeZoneId, string CustomerName);

/// <summary>Read-only queries for the service and booking pages (no tracking, projected to what the page shows).</summary>
public static class ServiceDetailsQuery
{
    public static Task<ServiceDetails?> ServiceDetailsAsync(this HomeSerDbContext db, int serviceId, CancellationToken ct) =>
        db.Services.AsNoTracking().Where(s => s.Id == serviceId)
            .Select(s => new ServiceDetails(s.Id, s.Name, s.Description, s.Category!.Name, s.PriceCents, s.Currency,
                s.DurationMinutes, s.MinDurationMinutes, s.MaxDurationMinutes, s.IsActive,
                new ProviderCard(s.Provider!.Id, s.Provider.DisplayName, s.Provider.City, s.Provider.RatingSum, s.Provider.ReviewCount,
                    s.Provider.IsVerified, s.Provider.TimeZoneId, s.Provider.SlotStepMinutes)))
            .FirstOrDefaultAsync(ct);

    public static async Task<IReadOnlyList<ReviewSummary>> LatestReviewsAsync(this HomeSerDbContext db, int providerId, int take, CancellationToken ct) =>
        await db.Reviews.AsNoTracking().Where(r => r.ProviderId == providerId)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(take)
            .Join(db.Users, r => r.CustomerId, u => u.Id, (r, u) => new ReviewSummary(u.DisplayName, r.Rating, r.Comment, r.CreatedAt))
            .ToListAsync(ct);

    /// <summary>Labels for a set of bookings, keyed by booking id (one query).</summary>
    public static async Task<IReadOnlyDictionary<int, BookingLabels>> BookingLabelsAsync(this HomeSerDbContext db, IReadOnlyCollection<int> bookingIds, CancellationToken ct)
    {
        var rows = await db.Bookings.AsNoTracking().Where(b => bookingIds.Contains(b.Id))
            .Select(b => new
            {
                b.Id,
                Labels = new BookingLabels(b.Service!.Name, b.Provider!.DisplayName, b.Provider.TimeZoneId, b.Customer!.DisplayName),
            })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => r.Labels);
    }

    public static Task<bool> IsReviewedAsync(this HomeSerDbContext db, int bookingId, CancellationToken ct) =>
        db.Reviews.AsNoTracking().AnyAsync(r => r.BookingId == bookingId, ct);
}
