using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Privacy;

/// <summary>What closing an account will do, shown before the person confirms.</summary>
public sealed record DeletionPreview(int UpcomingBookings, int BookingsInProgress, bool IsAdmin);

/// <summary>
/// Closes an account (GDPR art. 17). Bookings stay for the other party's records, without this person's name, address
/// or notes; upcoming ones are cancelled first through the booking's own move, so the other party is told as for any
/// cancellation. Reviews they wrote keep their rating (the provider's record) but lose their words and name. The account
/// row stays (bookings and reviews point at it) but says nothing about the person and can never sign in again; its
/// security stamp changes, which ends every cookie and bearer/refresh token at once.
/// </summary>
public sealed class AccountDeletion(HomeSerDbContext db, UserManager<AppUser> users, BookingService bookings,
    CalendarTransaction calendar, TimeProvider clock, ILogger<AccountDeletion> logger)
{
    public const string DeletedName = "Deleted user";
    public const string FormerProviderName = "Former provider";
    public const string CustomerLeftReason = "The customer closed their HomeSer account.";
    public const string ProviderLeftReason = "The provider closed their HomeSer account.";

    public async Task<DeletionPreview> PreviewAsync(Actor actor, CancellationToken ct)
    {
        var mine = Mine(actor);
        return new DeletionPreview(
            await mine.Where(BookingFilters.HoldsTimeNotStarted).CountAsync(ct),
            await mine.Where(BookingFilters.UnderWay).CountAsync(ct),
            actor.IsAdmin);
    }

    public async Task<Result<bool>> DeleteAsync(Actor actor, string? password, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(actor.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (user is null)
        {
            return DomainError.NotFound("Account");
        }
        if (string.IsNullOrEmpty(password) || !await users.CheckPasswordAsync(user, password))
        {
            return DomainError.Validation("password", "That is not your password. Type the password you sign in with.");
        }
        if (actor.IsAdmin)
        {
            // The back office must never lose its last admin by a click; another admin closes an admin account.
            return DomainError.Forbidden("An admin account cannot be closed here; ask another admin.");
        }

        // One transaction in the writer queue from the check to the erasure: a booking made in another tab or through the
        // API after the confirmation page either committed before (and is cancelled here) or runs after, finds the
        // account closed and books nothing (BookingService.CreateInTransactionAsync). Nothing is half done on a refusal.
        var cancelled = 0;
        var closed = await calendar.RunAsync<bool>(async attemptCt =>
        {
            if (await Mine(actor).Where(BookingFilters.UnderWay).AnyAsync(attemptCt))
            {
                return new DomainError(ErrorKind.NotModifiable,
                    "A job of yours is in progress. Close the account once it is completed.");
            }
            var upcoming = await Mine(actor).Where(BookingFilters.HoldsTimeNotStarted).OrderBy(b => b.StartUtc)
                .Select(b => new { b.Id, b.CustomerId }).ToListAsync(attemptCt);
            foreach (var booking in upcoming)
            {
                var reason = booking.CustomerId == actor.UserId ? CustomerLeftReason : ProviderLeftReason;
                var result = await bookings.CancelInTransactionAsync(actor, booking.Id, reason, tellOtherParty: true, attemptCt);
                if (result.Error is { } refused)
                {
                    return new DomainError(ErrorKind.NotModifiable,
                        $"Booking #{booking.Id} could not be cancelled ({refused.Message}); your account was not closed.");
                }
            }
            await ForgetAsync(actor, user.Id, attemptCt);
            cancelled = upcoming.Count;
            return true;
        }, ct);
        if (closed.Error is { } error)
        {
            return error;
        }
        logger.LogInformation("Account {UserId} closed; {Count} upcoming bookings cancelled", actor.UserId, cancelled);
        return true;
    }

    /// <summary>Erases the person from the account, their profile and their bookings, in one transaction.</summary>
    private async Task ForgetAsync(Actor actor, int userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.ChangeTracker.Clear();
        var tracked = await db.Users.SingleAsync(u => u.Id == userId, ct);
        foreach (var booking in await Mine(actor, tracking: true).ToListAsync(ct))
        {
            booking.ForgetParty(booking.CustomerId == actor.UserId ? BookingParty.Customer : BookingParty.Provider, now);
        }
        if (actor.ProviderId is { } providerId)
        {
            var profile = await db.Providers.Include(p => p.Services).SingleAsync(p => p.Id == providerId, ct);
            profile.DisplayName = FormerProviderName;
            profile.Bio = "";
            profile.City = "";
            profile.IsActive = false;
            foreach (var service in profile.Services)
            {
                service.IsActive = false;
            }
            profile.CatalogChanged(now);
        }
        // Their places in line go; a start held for them frees, which passes it to the next customer waiting.
        var entries = await db.WaitlistEntries.Where(w => w.CustomerId == userId).ToListAsync(ct);
        foreach (var held in entries.Where(e => e.HoldsTime).GroupBy(e => e.ProviderId))
        {
            var provider = await db.Providers.SingleAsync(p => p.Id == held.Key, ct);
            provider.CalendarChanged(held.Select(e => e.Date).Distinct().ToList(), now);
        }
        db.WaitlistEntries.RemoveRange(entries);
        db.Notifications.RemoveRange(await db.Notifications.Where(n => n.UserId == userId).ToListAsync(ct));
        // A closed account's calendar feed URL stops working too.
        db.CalendarFeeds.RemoveRange(await db.CalendarFeeds.Where(f => f.UserId == userId).ToListAsync(ct));
        // The stars stay with the provider's record (their average and distribution); the words were the person's.
        foreach (var review in await db.Reviews.Where(r => r.CustomerId == userId).ToListAsync(ct))
        {
            review.Comment = "";
        }

        var placeholder = ClosedAccounts.PlaceholderEmail(userId);
        tracked.DisplayName = DeletedName;
        tracked.UserName = placeholder;
        tracked.NormalizedUserName = placeholder.ToUpperInvariant();
        tracked.Email = placeholder;
        tracked.NormalizedEmail = placeholder.ToUpperInvariant();
        tracked.EmailConfirmed = false;
        tracked.PasswordHash = null;
        tracked.PhoneNumber = null;
        tracked.HomeAddress = null;
        tracked.LockoutEnabled = true;
        tracked.LockoutEnd = DateTimeOffset.MaxValue;
        // A new stamp ends every session and token issued before (the cookie and bearer handlers check it on each request).
        tracked.SecurityStamp = Guid.NewGuid().ToString("N");
        tracked.ConcurrencyStamp = Guid.NewGuid().ToString();
        await db.SaveChangesAsync(ct);
    }

    private IQueryable<Booking> Mine(Actor actor, bool tracking = false)
    {
        var set = tracking ? db.Bookings : db.Bookings.AsNoTracking();
        return actor.ProviderId is { } providerId
            ? set.Where(b => b.CustomerId == actor.UserId || b.ProviderId == providerId)
            : set.Where(b => b.CustomerId == actor.UserId);
    }
}
