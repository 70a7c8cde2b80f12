using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Admin;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HomeSer.Web.Pages.Admin.Categories;

[Authorize(Roles = Roles.Admin)]
public sealed class EditModel(AdminService admin) : PageModel
{
    [BindProperty]
    public CategoryForm Input { get; set; } = new();

    public AdminCategoryView? Category { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        Category = (await admin.ListCategoriesAsync(ct)).FirstOrDefault(c => c.Id == id);
        if (Category is null)
        {
            return NotFound();
        }
        Input = CategoryForm.From(Category);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        Category = (await admin.ListCategoriesAsync(ct)).FirstOrDefault(c => c.Id == id);
        if (Category is null)
        {
            return NotFound();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var updated = await admin.UpdateCategoryAsync(id, Input.ToInput(), ct);
        if (updated.Error is { } error)
        {
            ModelState.AddDomainError(error, "Input");
            return Page();
        }
        TempData["Flash"] = $"Category “{updated.Value!.Name}” saved.";
        return RedirectToPage("/Admin/Categories/Index");
    }
}
