using HomeSer.Web.Data;
using HomeSer.Web.Features.Search;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Pages;

public sealed class IndexModel(HomeSerDbContext db) : PageModel
{
    public sealed record CategoryLink(string Slug, string Name);

    public IReadOnlyList<CategoryLink> Categories { get; private set; } = [];
    public IReadOnlyList<string> Places { get; } = Gazetteer.Places.Select(p => p.Name).ToList();

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Categories = await db.Categories.AsNoTracking()
            .OrderBy(c => c.SortOrder)
            .Select(c => new CategoryLink(c.Slug, c.Name))
            .ToListAsync(cancellationToken);
}
