using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Notifications;
using HomeSer.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Reviews;

public sealed record ReviewView(int Id, int Booking, int Provider, int Customer, string CustomerName, int Rating, string Comment, DateTime CreatedAt);

/// <summary>
/// Reviews of completed bookings: one per booking, by its customer. A second review is BOOKING_NOT_MODIFIABLE (422):
/// the request is well formed, the booking's state (already reviewed) is what refuses it.
/// </summary>
public sealed class ReviewService(HomeSerDbContext db, IWriterQueue writers, TimeProvider clock, RequestValidator validator)
{
    public const int MaxCommentLength = 2000;

    public async Task<Result<ReviewView>> CreateAsync(Actor actor, int bookingId, ReviewRequest request, CancellationToken ct)
    {
        var booking = await db.Bookings.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bookingId, ct);
        var party = booking?.PartyOf(actor) ?? BookingParty.None;
        if (booking is null || party == BookingParty.None)
        {
            return DomainError.NotFound("Booking");
        }
        if (booking.CustomerId != actor.UserId)
        {
            return DomainError.Forbidden("Only the booking's customer can review it.");
        }
        // After the party checks, so a stranger learns nothing about the booking from a bad body.
        if (await validator.ValidateAsync(request, ct) is { } invalid)
        {
            return invalid;
        }
        if (BookingRules.Refusal(BookingMoves.Review, booking.Status, BookingParty.Customer, BookingTiming.Started) is not null)
        {
            return DomainError.NotModifiable("Only a completed booking can be reviewed.");
        }
        if (await db.Reviews.AnyAsync(r => r.BookingId == bookingId, ct))
        {
            return AlreadyReviewed();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var review = new Review
        {
            BookingId = booking.Id,
            ProviderId = booking.ProviderId,
            CustomerId = booking.CustomerId,
            Rating = request.Rating!.Value,
            Comment = request.Comment?.Trim() ?? "",
            CreatedAt = now,
        };

        try
        {
            using var turn = await writers.EnterAsync(db, ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Reviews.Add(review);
            // The provider's rating sum and count are search inputs.
            db.Raise(new CatalogChanged(review.ProviderId, now));
            await db.SaveChangesAsync(ct);
            // An atomic increment in SQL: O(1), and concurrent reviews of one provider never lose an update.
            await db.Providers.Where(p => p.Id == booking.ProviderId).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.RatingSum, p => p.RatingSum + review.Rating)
                .SetProperty(p => p.ReviewCount, p => p.ReviewCount + 1), ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The unique index on BookingId: a concurrent request reviewed it first.
            db.ChangeTracker.Clear();
            if (await db.Reviews.AnyAsync(r => r.BookingId == bookingId, ct))
            {
                return AlreadyReviewed();
            }
            throw;
        }
        await db.EventsDeliveredAsync(ct);

        var customerName = await db.Users.AsNoTracking().Where(u => u.Id == review.CustomerId).Select(u => u.DisplayName).FirstAsync(ct);
        return new ReviewView(review.Id, review.BookingId, review.ProviderId, review.CustomerId, customerName, review.Rating, review.Comment, review.CreatedAt);
    }

    private static DomainError AlreadyReviewed() => DomainError.NotModifiable("This booking has already been reviewed.");
}
