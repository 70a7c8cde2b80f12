using System.Text.RegularExpressions;
using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Features.Notifications;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Admin;

/// <summary>The back office: users and roles, provider verification, categories and every booking.</summary>
public sealed partial class AdminService(
    HomeSerDbContext db,
    UserManager<AppUser> users,
    TimeProvider clock,
    IConfiguration configuration)
{
    public const int MaxRejectReason = 500;

    public static class Kinds
    {
        public const string ProviderVerified = "provider.verified";
        public const string ProviderRejected = "provider.rejected";
    }

    // ---- users and roles ----

    /// <summary>Users whose email contains the search text, newest first.</summary>
    public async Task<PagedList<AdminUserView>> ListUsersAsync(string? emailContains, PageRequest page, CancellationToken ct)
    {
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(emailContains))
        {
            var needle = emailContains.Trim().ToUpperInvariant();
            query = query.Where(u => u.NormalizedEmail!.Contains(needle));
        }
        var count = await query.CountAsync(ct);
        var found = await query.OrderByDescending(u => u.CreatedAt).ThenByDescending(u => u.Id)
            .Skip(page.Skip).Take(page.PageSize)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.CreatedAt })
            .ToListAsync(ct);
        var ids = found.Select(u => u.Id).ToList();
        var roles = await db.UserRoles.AsNoTracking().Where(ur => ids.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(ct);
        var items = found.Select(u => new AdminUserView(u.Id, u.Email ?? "", u.DisplayName,
            roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order().ToList(), u.CreatedAt)).ToList();
        return new PagedList<AdminUserView>(count, items);
    }

    /// <summary>
    /// Gives a user exactly one role. A user who becomes a provider gets an unverified profile if they had none,
    /// a provider who loses the role has their profile deactivated;
    /// an admin cannot take the admin role away from themselves (someone must be left to undo it).
    /// </summary>
    public async Task<Result<AdminUserView>> ChangeRoleAsync(Actor admin, int userId, string? role, CancellationToken ct)
    {
        if (!admin.IsAdmin)
        {
            return DomainError.Forbidden("Only admins change roles.");
        }
        var wanted = Roles.All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (wanted is null)
        {
            return DomainError.Validation("role", "Choose Customer, Provider or Admin.");
        }
        var user = await users.FindByIdAsync(userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (user is null)
        {
            return DomainError.NotFound("The user");
        }
        if (user.Id == admin.UserId && wanted != Roles.Admin)
        {
            return DomainError.Validation("role", "You cannot remove your own admin role.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var current = await users.GetRolesAsync(user);
        var removed = await users.RemoveFromRolesAsync(user, current.Where(r => r != wanted));
        var added = current.Contains(wanted) ? IdentityResult.Success : await users.AddToRoleAsync(user, wanted);
        if (!removed.Succeeded || !added.Succeeded)
        {
            throw new InvalidOperationException("Role change failed: " + string.Join("; ", removed.Errors.Concat(added.Errors).Select(e => e.Description)));
        }
        // A new stamp revokes the user's cookies and bearer/refresh tokens, which still list the old roles.
        await users.UpdateSecurityStampAsync(user);
        var profile = await db.Providers.FirstOrDefaultAsync(p => p.UserId == user.Id, ct);
        if (wanted == Roles.Provider && profile is null)
        {
            db.Providers.Add(new ProviderProfile
            {
                UserId = user.Id,
                DisplayName = user.DisplayName,
                TimeZoneId = configuration["Marketplace:DefaultTimeZone"] ?? "Europe/Berlin",
                IsVerified = false,
                CreatedAt = Now(),
            });
        }
        else if (profile is not null)
        {
            // Without the role nobody can run the profile, so it leaves search; given back, it returns as it was verified (or not).
            profile.IsActive = wanted == Roles.Provider;
        }
        if (profile is not null)
        {
            db.Raise(new CatalogChanged(profile.Id, Now()));
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await db.EventsDeliveredAsync(ct);
        return new AdminUserView(user.Id, user.Email ?? "", user.DisplayName, [wanted], user.CreatedAt);
    }

    // ---- provider verification ----

    /// <summary>Active providers not verified yet, oldest sign-up first.</summary>
    public async Task<PagedList<VerificationQueueItem>> ListVerificationQueueAsync(PageRequest page, CancellationToken ct)
    {
        var query = db.Providers.AsNoTracking().Where(p => !p.IsVerified && p.IsActive);
        var count = await query.CountAsync(ct);
        var items = await query.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)
            .Skip(page.Skip).Take(page.PageSize)
            .Select(p => new VerificationQueueItem(p.Id, p.DisplayName, p.User!.Email ?? "", p.City, p.TimeZoneId, p.Services.Count, p.CreatedAt))
            .ToListAsync(ct);
        return new PagedList<VerificationQueueItem>(count, items);
    }

    /// <summary>Verifies a provider and tells them so (stored notification, pushed after commit).</summary>
    public Task<Result<VerificationQueueItem>> VerifyProviderAsync(Actor admin, int providerId, CancellationToken ct) =>
        DecideAsync(admin, providerId, ct, profile =>
        {
            profile.IsVerified = true;
            return (Kinds.ProviderVerified, "Your profile is verified",
                "Our team verified your provider profile. Customers can now find and book your services.");
        });

    /// <summary>Rejects a provider: the profile is deactivated (it leaves the queue and search) and they are told why.</summary>
    public async Task<Result<VerificationQueueItem>> RejectProviderAsync(Actor admin, int providerId, string? reason, CancellationToken ct)
    {
        var text = reason?.Trim() ?? "";
        if (text.Length == 0)
        {
            return DomainError.Validation("reason", "Say why, so the provider knows what to fix.");
        }
        if (text.Length > MaxRejectReason)
        {
            return DomainError.Validation("reason", $"Use at most {MaxRejectReason} characters.");
        }
        return await DecideAsync(admin, providerId, ct, profile =>
        {
            profile.IsVerified = false;
            profile.IsActive = false;
            return (Kinds.ProviderRejected, "Your profile was not verified", $"Our team could not verify your provider profile. Reason: {text}");
        });
    }

    private async Task<Result<VerificationQueueItem>> DecideAsync(
        Actor admin, int providerId, CancellationToken ct, Func<ProviderProfile, (string Kind, string Title, string Body)> decide)
    {
        if (!admin.IsAdmin)
        {
            return DomainError.Forbidden("Only admins verify providers.");
        }
        var profile = await db.Providers.Include(p => p.User).FirstOrDefaultAsync(p => p.Id == providerId, ct);
        if (profile is null)
        {
            return DomainError.NotFound("The provider");
        }
        if (profile.IsVerified || !profile.IsActive)
        {
            return DomainError.NotModifiable($"{profile.DisplayName} was already decided on.");
        }
        var now = Now();
        var (kind, title, body) = decide(profile);
        var notification = new Notification { UserId = profile.UserId, Kind = kind, Title = title, Body = body, CreatedAt = now };
        db.Notifications.Add(notification);
        // The notification's own notification.created is raised by the outbox as it is stored.
        profile.CatalogChanged(now);
        await db.SaveChangesAsync(ct);
        await db.EventsDeliveredAsync(ct);
        var serviceCount = await db.Services.CountAsync(s => s.ProviderId == profile.Id, ct);
        return new VerificationQueueItem(profile.Id, profile.DisplayName, profile.User?.Email ?? "", profile.City, profile.TimeZoneId, serviceCount, profile.CreatedAt);
    }

    // ---- categories ----

    public async Task<IReadOnlyList<AdminCategoryView>> ListCategoriesAsync(CancellationToken ct) =>
        await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ThenBy(c => c.Id)
            .Select(c => new AdminCategoryView(c.Id, c.Slug, c.Name, c.Description, c.SortOrder, db.Services.Count(s => s.CategoryId == c.Id)))
            .ToListAsync(ct);

    public async Task<Result<AdminCategoryView>> CreateCategoryAsync(CategoryInput input, CancellationToken ct)
    {
        var category = new Category();
        if (await ApplyAsync(category, input, ct) is { } invalid)
        {
            return invalid;
        }
        db.Categories.Add(category);
        db.Raise(new CatalogChanged(null, Now()));
        await db.SaveChangesAsync(ct);
        await db.EventsDeliveredAsync(ct);
        return new AdminCategoryView(category.Id, category.Slug, category.Name, category.Description, category.SortOrder, 0);
    }

    public async Task<Result<AdminCategoryView>> UpdateCategoryAsync(int id, CategoryInput input, CancellationToken ct)
    {
        var category = await db.Categories.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (category is null)
        {
            return DomainError.NotFound("The category");
        }
        if (await ApplyAsync(category, input, ct) is { } invalid)
        {
            db.ChangeTracker.Clear();
            return invalid;
        }
        db.Raise(new CatalogChanged(null, Now()));
        await db.SaveChangesAsync(ct);
        await db.EventsDeliveredAsync(ct);
        var services = await db.Services.CountAsync(s => s.CategoryId == id, ct);
        return new AdminCategoryView(category.Id, category.Slug, category.Name, category.Description, category.SortOrder, services);
    }

    private async Task<DomainError?> ApplyAsync(Category category, CategoryInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 60)
        {
            errors["name"] = ["Required, at most 60 characters."];
        }
        var slug = string.IsNullOrWhiteSpace(input.Slug) ? Slugify(name) : input.Slug.Trim().ToLowerInvariant();
        if (!SlugPattern().IsMatch(slug))
        {
            errors["slug"] = ["Use 1 to 60 lower-case letters, digits and dashes, e.g. 'window-cleaning'."];
        }
        else if (await db.Categories.AnyAsync(c => c.Slug == slug && c.Id != category.Id, ct))
        {
            errors["slug"] = [$"Another category already uses '{slug}'."];
        }
        var description = input.Description?.Trim() ?? "";
        if (description.Length > 500)
        {
            errors["description"] = ["Use at most 500 characters."];
        }
        if (input.SortOrder is < 0 or > 10_000)
        {
            errors["sort_order"] = ["Must be between 0 and 10000."];
        }
        if (errors.Count > 0)
        {
            return DomainError.Validation(errors);
        }
        category.Name = name;
        category.Slug = slug;
        category.Description = description;
        category.SortOrder = input.SortOrder ?? category.SortOrder;
        return null;
    }

    private static string Slugify(string name)
    {
        var slug = NonSlugCharacters().Replace(name.ToLowerInvariant(), "-").Trim('-');
        return slug.Length > 60 ? slug[..60].Trim('-') : slug;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlugCharacters();

    // ---- bookings ----

    /// <summary>Every booking, filtered, newest start first.</summary>
    public async Task<Result<PagedList<AdminBookingRow>>> ListBookingsAsync(AdminBookingFilter filter, PageRequest page, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        BookingStatus? status = null;
        if (!string.IsNullOrWhiteSpace(filter.Status))
        {
            if (BookingStatusNames.TryParse(filter.Status.Trim(), out var parsed))
            {
                status = parsed;
            }
            else
            {
                errors["status"] = ["Unknown status."];
            }
        }
        if (filter.From is { } from && filter.To is { } to && to < from)
        {
            errors["to"] = ["Must be on or after the from date."];
        }
        if (errors.Count > 0)
        {
            return DomainError.Validation(errors);
        }

        var query = db.Bookings.AsNoTracking();
        if (status is { } wanted)
        {
            query = query.Where(b => b.Status == wanted);
        }
        if (filter.ProviderId is { } providerId)
        {
            query = query.Where(b => b.ProviderId == providerId);
        }
        if (filter.From is { } fromDay)
        {
            var fromUtc = fromDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(b => b.StartUtc >= fromUtc);
        }
        if (filter.To is { } toDay)
        {
            var beforeUtc = toDay.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(b => b.StartUtc < beforeUtc);
        }
        var count = await query.CountAsync(ct);
        var items = await query.OrderByDescending(b => b.StartUtc).ThenByDescending(b => b.Id)
            .Skip(page.Skip).Take(page.PageSize)
            .Select(b => new
            {
                b.Id,
                b.Status,
                b.StartUtc,
                b.DurationMinutes,
                b.Provider!.TimeZoneId,
                Service = b.Service!.Name,
                b.ProviderId,
                Provider = b.Provider.DisplayName,
                Customer = b.Customer!.DisplayName,
                b.PriceCents,
                b.Currency,
                // Postcode and city only: enough to see where a job is without spreading the street further.
                PostalCode = b.Address == null ? null : b.Address.PostalCode,
                City = b.Address == null ? null : b.Address.City,
            })
            .ToListAsync(ct);
        var rows = items.Select(b => new AdminBookingRow(b.Id, b.Status.ToWire(), b.StartUtc, b.DurationMinutes, b.TimeZoneId, b.Service,
            b.ProviderId, b.Provider, b.Customer, b.PriceCents, b.Currency,
            b.City is null ? null : $"{b.PostalCode} {b.City}".Trim())).ToList();
        return new PagedList<AdminBookingRow>(count, rows);
    }

    public async Task<IReadOnlyList<ProviderOption>> ListProviderOptionsAsync(CancellationToken ct) =>
        await db.Providers.AsNoTracking().OrderBy(p => p.DisplayName).ThenBy(p => p.Id)
            .Select(p => new ProviderOption(p.Id, p.DisplayName)).ToListAsync(ct);

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
