using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HomeSer.Web.Pages.Provider;

/// <summary>What customers said about the signed-in provider, newest first.</summary>
[Authorize(Roles = Roles.Provider)]
public sealed class ReviewsModel(CatalogQueries catalog, ActorResolver actors) : PageModel
{
    public const int PageSize = 10;

    public PagedList<ProviderReviewView> Reviews { get; private set; } = new(0, []);
    public int PageNumber { get; private set; } = 1;
    public int LastPage => Math.Max(1, (Reviews.Count + PageSize - 1) / PageSize);

    public async Task OnGetAsync(int? p, CancellationToken ct)
    {
        PageNumber = Math.Max(1, p ?? 1);
        var actor = await actors.ResolveAsync(User, ct);
        if (actor?.ProviderId is { } providerId)
        {
            var found = await catalog.ListProviderReviewsAsync(providerId, new PageRequest(PageNumber, PageSize), ct);
            Reviews = found.Value ?? Reviews;
        }
    }
}
