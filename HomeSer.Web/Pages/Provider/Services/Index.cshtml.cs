using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Features.Providers;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HomeSer.Web.Pages.Provider.Services;

/// <summary>The provider's services and a form to add one.</summary>
[Authorize(Roles = Roles.Provider)]
public sealed class IndexModel(ProviderSelfService selfService, CatalogQueries catalog) : PageModel
{
    [BindProperty]
    public ServiceForm Input { get; set; } = new();

    public IReadOnlyList<OwnServiceView> Services { get; private set; } = [];
    public IReadOnlyList<CategoryView> Categories { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } failed)
        {
            return failed;
        }
        if (Input.ToRequest(ModelState, "Input") is not { } request || !ModelState.IsValid)
        {
            return Page();
        }
        var created = await selfService.CreateServiceAsync(User, request, ct);
        if (created.Error is { } error)
        {
            ServiceForm.AddErrors(ModelState, error, "Input");
            return Page();
        }
        TempData["Flash"] = $"Service “{created.Value!.Name}” added.";
        return RedirectToPage();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var services = await selfService.ListServicesAsync(User, new PageRequest(1, PageRequest.MaxPageSize), ct);
        if (services.Error is { } error)
        {
            TempData["Flash"] = error.Message;
            return RedirectToPage("/Provider/Index");
        }
        Services = services.Value!.Items;
        Categories = (await catalog.ListCategoriesAsync(new PageRequest(1, PageRequest.MaxPageSize), ct)).Items;
        return null;
    }
}
