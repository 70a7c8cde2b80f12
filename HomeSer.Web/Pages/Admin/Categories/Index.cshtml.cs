using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Admin;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HomeSer.Web.Pages.Admin.Categories;

/// <summary>The service categories customers search by, and a form to add one.</summary>
[Authorize(Roles = Roles.Admin)]
public sealed class IndexModel(AdminService admin) : PageModel
{
    [BindProperty]
    public CategoryForm Input { get; set; } = new();

    public IReadOnlyList<AdminCategoryView> Categories { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Categories = await admin.ListCategoriesAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Categories = await admin.ListCategoriesAsync(ct);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var created = await admin.CreateCategoryAsync(Input.ToInput(), ct);
        if (created.Error is { } error)
        {
            ModelState.AddDomainError(error, "Input");
            return Page();
        }
        TempData["Flash"] = $"Category “{created.Value!.Name}” added.";
        return RedirectToPage();
    }
}
