using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace HomeSer.Web.Features.Providers;

/// <summary>A provider's own profile photo: replace it with a checked, resized upload, or remove it.</summary>
public sealed class ProviderPhotos(HomeSerDbContext db, TimeProvider clock)
{
    public async Task<Result<ProviderPhoto>> ReplaceAsync(Actor actor, ReadOnlyMemory<byte> upload, CancellationToken ct)
    {
        if (actor.ProviderId is not { } providerId)
        {
            return DomainError.Forbidden("Only providers have a profile photo.");
        }
        var processed = PhotoProcessing.Process(upload.Span);
        if (processed.Error is { } error)
        {
            return error;
        }
        var photo = await db.ProviderPhotos.FirstOrDefaultAsync(p => p.ProviderId == providerId, ct);
        if (photo is null)
        {
            photo = new ProviderPhoto { ProviderId = providerId };
            db.ProviderPhotos.Add(photo);
        }
        photo.Content = processed.Value!.Content;
        photo.Width = processed.Value.Width;
        photo.Height = processed.Value.Height;
        photo.ContentType = PhotoProcessing.OutputContentType;
        photo.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return photo;
    }

    public async Task RemoveAsync(Actor actor, CancellationToken ct)
    {
        if (actor.ProviderId is { } providerId)
        {
            await db.ProviderPhotos.Where(p => p.ProviderId == providerId).ExecuteDeleteAsync(ct);
        }
    }

    /// <summary>The photo's version for its URL, or null when the provider has none (the page shows initials).</summary>
    public async Task<string?> VersionAsync(int providerId, CancellationToken ct)
    {
        var updated = await db.ProviderPhotos.AsNoTracking().Where(p => p.ProviderId == providerId).Select(p => (DateTime?)p.UpdatedAt).FirstOrDefaultAsync(ct);
        return updated is { } at ? new ProviderPhoto { UpdatedAt = at }.Version : null;
    }

    public static string Url(int providerId, string version) => $"/providers/{providerId}/photo?v={version}";
}

public static class ProviderPhotoEndpoints
{
    /// <summary>GET /providers/{id}/photo: the stored JPEG; the URL carries the version, so browsers may keep it long.</summary>
    public static IEndpointRouteBuilder MapProviderPhotos(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/providers/{id:int}/photo", async (int id, HomeSerDbContext db, HttpContext http, CancellationToken ct) =>
        {
            var photo = await db.ProviderPhotos.AsNoTracking().FirstOrDefaultAsync(p => p.ProviderId == id, ct);
            if (photo is null)
            {
                return Results.NotFound();
            }
            http.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.File(photo.Content, photo.ContentType, lastModified: photo.UpdatedAt, entityTag: new EntityTagHeaderValue($"\"{photo.Version}\""));
        }).AllowAnonymous().ExcludeFromDescription();
        return routes;
    }
}
