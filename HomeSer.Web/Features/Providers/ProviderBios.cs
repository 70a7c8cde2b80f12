using System.Globalization;
using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Providers;

/// <summary>The provider's own words on their public profile ("About"): plain text, shown escaped, line breaks kept.</summary>
public sealed class ProviderBios(HomeSerDbContext db)
{
    public const string Field = "bio";

    /// <summary>A few short paragraphs; the column holds 2,000, but a profile reads best well under that.</summary>
    public const int MaxLength = 1000;

    public async Task<string?> GetAsync(int providerId, CancellationToken ct) =>
        await db.Providers.AsNoTracking().Where(p => p.Id == providerId).Select(p => p.Bio).FirstOrDefaultAsync(ct);

    public async Task<Result<string>> UpdateAsync(Actor actor, string? bio, CancellationToken ct)
    {
        if (actor.ProviderId is not { } providerId)
        {
            return DomainError.Forbidden("Only providers have a profile.");
        }
        // Browsers post line breaks as CRLF; one break is one character, as the counter beside the field shows.
        var text = (bio ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        if (text.Length > MaxLength)
        {
            return DomainError.Validation(Field, string.Create(CultureInfo.InvariantCulture,
                $"{Field} may be at most {MaxLength:N0} characters; this text has {text.Length:N0}."));
        }
        var profile = await db.Providers.FirstOrDefaultAsync(p => p.Id == providerId, ct);
        if (profile is null)
        {
            return DomainError.NotFound("Provider");
        }
        profile.Bio = text;
        await db.SaveChangesAsync(ct);
        return text;
    }
}
