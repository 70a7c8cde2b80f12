using HomeSer.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Bookings;

/// <summary>What a booking list or page shows besides the booking itself: names and the provider's zone.</summary>
public sealed record BookingLabels(string ServiceName, string ProviderName, string TimeZoneId, string CustomerName);

/// <summary>Read-only lookups the booking pages show around a <see cref="BookingView"/> (no tracking, projected).</summary>
public static class BookingPageQueries
{
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

    /// <summary>The review of each of these bookings that has one, so a customer sees what they wrote.</summary>
    public static async Task<IReadOnlyDictionary<int, BookingReview>> ReviewsOfAsync(this HomeSerDbContext db, IReadOnlyCollection<int> bookingIds, CancellationToken ct) =>
        await db.Reviews.AsNoTracking().Where(r => bookingIds.Contains(r.BookingId))
            .Select(r => new BookingReview(r.BookingId, r.Rating, r.Comment, r.CreatedAt))
            .ToDictionaryAsync(r => r.Booking, ct);
}

public sealed record BookingReview(int Booking, int Rating, string Comment, DateTime CreatedAt);
