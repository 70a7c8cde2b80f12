using HomeSer.Web.Data;
using HomeSer.Web.Features.Providers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HomeSer.Web.Pages.Providers;

/// <summary>A provider's public profile: who they are, where they work, how they do, what others say.</summary>
public sealed class DetailsModel(HomeSerDbContext db, ProviderPhotos photos) : PageModel
{
    private readonly ProviderPageQuery query = new(db, photos);

    public ProviderPageView Provider { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await query.LoadAsync(id, ct) is not { } provider)
        {
            return NotFound();
        }
        Provider = provider;
        return Page();
    }
}
