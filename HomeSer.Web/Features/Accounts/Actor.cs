using System.Security.Claims;
using HomeSer.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Accounts;

/// <summary>Who is acting: the signed-in user, their roles and, for a provider, their provider profile.</summary>
public sealed record Actor(int UserId, bool IsCustomer, bool IsProvider, bool IsAdmin, int? ProviderId);

/// <summary>Turns a ClaimsPrincipal into an <see cref="Actor"/> (one query for the provider profile).</summary>
public sealed class ActorResolver(HomeSerDbContext db)
{
    /// <summary>The actor, or null when nobody is signed in.</summary>
    public async Task<Actor?> ResolveAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.Identity?.IsAuthenticated != true || user.UserId() is not { } userId)
        {
            return null;
        }

        var isProvider = user.IsInRole(Roles.Provider);
        int? providerId = isProvider
            ? await db.Providers.AsNoTracking().Where(p => p.UserId == userId).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct)
            : null;
        return new Actor(userId, user.IsInRole(Roles.Customer), isProvider, user.IsInRole(Roles.Admin), providerId);
    }
}
