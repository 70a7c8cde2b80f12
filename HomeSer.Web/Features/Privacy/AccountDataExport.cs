using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Waitlist;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Privacy;

public sealed record ExportedAccount(int Id, string Email, string DisplayName, IReadOnlyList<string> Roles, DateTime CreatedAt);

public sealed record ExportedProviderProfile(int Id, string DisplayName, string Bio, string City, double Latitude, double Longitude,
    double ServiceRadiusKm, string Timezone, bool Verified, IReadOnlyList<ExportedService> Services);

public sealed record ExportedService(int Id, string Name, string Description, long PriceCents, string Currency, int DurationMinutes, bool IsActive);

public sealed record ExportedReview(int Id, int Booking, int Provider, int Customer, int Rating, string Comment, DateTime CreatedAt, string Role);

public sealed record ExportedNotification(int Id, string Kind, string Title, string Body, int? Booking, DateTime CreatedAt, DateTime? ReadAt);

/// <summary>Everything HomeSer holds about one person, as they may take it with them (GDPR art. 15 and 20).</summary>
public sealed record AccountExport(
    DateTime ExportedAt,
    ExportedAccount Account,
    AddressView? HomeAddress,
    ExportedProviderProfile? ProviderProfile,
    IReadOnlyList<BookingView> Bookings,
    IReadOnlyList<ExportedReview> Reviews,
    IReadOnlyList<ExportedNotification> Notifications,
    IReadOnlyList<WaitlistEntryView> Waitlist);

/// <summary>Collects one account's data: profile, home address, bookings (as they see them), reviews, notifications and waitlist places.</summary>
public sealed class AccountDataExport(HomeSerDbContext db, UserManager<AppUser> users, TimeProvider clock)
{
    public async Task<AccountExport?> ExportAsync(int userId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return null;
        }
        var roles = (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal).ToList();
        var profile = await db.Providers.AsNoTracking().Include(p => p.Services).FirstOrDefaultAsync(p => p.UserId == userId, ct);
        var providerId = profile?.Id;

        var bookings = (await db.Bookings.AsNoTracking().Include(b => b.Payment).Include(b => b.Provider)
                .Where(b => b.CustomerId == userId || (providerId != null && b.ProviderId == providerId))
                .ToListAsync(ct))
            .OrderBy(b => b.StartUtc).ThenBy(b => b.Id)
            .Select(b => BookingView.Of(b, b.CustomerId == userId ? BookingParty.Customer : BookingParty.Provider))
            .ToList();
        var reviews = (await db.Reviews.AsNoTracking()
                .Where(r => r.CustomerId == userId || (providerId != null && r.ProviderId == providerId))
                .ToListAsync(ct))
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            .Select(r => new ExportedReview(r.Id, r.BookingId, r.ProviderId, r.CustomerId, r.Rating, r.Comment, r.CreatedAt,
                r.CustomerId == userId ? "written" : "received"))
            .ToList();
        var notifications = (await db.Notifications.AsNoTracking().Where(n => n.UserId == userId).ToListAsync(ct))
            .OrderBy(n => n.CreatedAt).ThenBy(n => n.Id)
            .Select(n => new ExportedNotification(n.Id, n.Kind, n.Title, n.Body, n.BookingId, n.CreatedAt, n.ReadAt))
            .ToList();
        var waitlist = (await db.WaitlistEntries.AsNoTracking().Where(w => w.CustomerId == userId).ToListAsync(ct))
            .OrderBy(w => w.CreatedAt).ThenBy(w => w.Id)
            .Select(WaitlistEntryView.Of)
            .ToList();

        return new AccountExport(
            clock.GetUtcNow().UtcDateTime,
            new ExportedAccount(user.Id, user.Email ?? "", user.DisplayName, roles, user.CreatedAt),
            AddressView.Of(user.HomeAddress),
            profile is null ? null : new ExportedProviderProfile(profile.Id, profile.DisplayName, profile.Bio, profile.City,
                profile.Latitude, profile.Longitude, profile.ServiceRadiusKm, profile.TimeZoneId, profile.IsVerified,
                [.. profile.Services.OrderBy(s => s.Id).Select(s => new ExportedService(s.Id, s.Name, s.Description, s.PriceCents, s.Currency, s.DurationMinutes, s.IsActive))]),
            bookings,
            reviews,
            notifications,
            waitlist);
    }
}
