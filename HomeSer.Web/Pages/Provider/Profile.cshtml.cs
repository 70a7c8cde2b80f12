using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Providers;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Pages.Provider;

/// <summary>
/// The provider's public profile as they shape it: the photo (checked and resized on the server, or removed) and the
/// "About you" text customers read before letting them in.
/// </summary>
[Authorize(Roles = Roles.Provider)]
// A little above the photo limit, so a too-big photo gets the form's own message rather than a bare 413.
[RequestSizeLimit(PhotoProcessing.MaxBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = PhotoProcessing.MaxBytes + 1024 * 1024)]
public sealed class ProfileModel(ProviderPhotos photos, ProviderBios bios, ActorResolver actors, HomeSerDbContext db) : PageModel
{
    public int? ProviderId { get; private set; }
    public string DisplayName { get; private set; } = "";
    public string? PhotoUrl { get; private set; }

    public const string BioLabel = "About you";

    [BindProperty]
    public string? Bio { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : Forbid();

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? photo, CancellationToken ct)
    {
        var actor = await actors.ResolveAsync(User, ct);
        if (actor?.ProviderId is null)
        {
            return Forbid();
        }
        Result<ProviderPhoto> result;
        if (photo is null || photo.Length == 0)
        {
            result = DomainError.Validation(PhotoProcessing.Field, "Choose a photo to upload.");
        }
        else if (photo.Length > PhotoProcessing.MaxBytes)
        {
            // Refused before reading it: the length is known from the multipart section.
            result = PhotoProcessing.TooLarge;
        }
        else
        {
            using var buffer = new MemoryStream((int)photo.Length);
            await photo.CopyToAsync(buffer, ct);
            result = await photos.ReplaceAsync(actor, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
        }
        if (result.Error is { } error)
        {
            ModelState.AddDomainError(error, "");
            await LoadAsync(ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        TempData["Flash"] = "Photo saved. Customers see it on your profile and services.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostBioAsync(CancellationToken ct)
    {
        var actor = await actors.ResolveAsync(User, ct);
        if (actor?.ProviderId is null)
        {
            return Forbid();
        }
        var result = await bios.UpdateAsync(actor, Bio, ct);
        if (result.Error is { } error)
        {
            ModelState.AddDomainError(error, "", new Dictionary<string, string> { [ProviderBios.Field] = BioLabel });
            // Keep what they typed so nothing is lost; the error says how much to cut.
            var typed = Bio;
            await LoadAsync(ct);
            Bio = typed;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        TempData["Flash"] = result.Value!.Length == 0 ? "About you removed from your profile." : "About you saved. Customers see it on your profile.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken ct)
    {
        var actor = await actors.ResolveAsync(User, ct);
        if (actor?.ProviderId is null)
        {
            return Forbid();
        }
        await photos.RemoveAsync(actor, ct);
        TempData["Flash"] = "Photo removed. Your initials show instead.";
        return RedirectToPage();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var actor = await actors.ResolveAsync(User, ct);
        if (actor?.ProviderId is not { } providerId)
        {
            return false;
        }
        ProviderId = providerId;
        DisplayName = await db.Providers.AsNoTracking().Where(p => p.Id == providerId).Select(p => p.DisplayName).FirstAsync(ct);
        PhotoUrl = await photos.VersionAsync(providerId, ct) is { } version ? ProviderPhotos.Url(providerId, version) : null;
        Bio = await bios.GetAsync(providerId, ct) ?? "";
        return true;
    }
}
