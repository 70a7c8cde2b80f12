using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Features.Providers;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HomeSer.Web.Pages.Provider.Services;

/// <summary>Edits one of the provider's own services.</summary>
[Authorize(Roles = Roles.Provider)]
public sealed class EditModel(ProviderSelfService selfService, CatalogQueries catalog) : PageModel
{
    [BindProperty]
    public ServiceForm Input { get; set; } = new();

    public OwnServiceView? Service { get; private set; }
    public IReadOnlyList<CategoryView> Categories { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } failed)
        {
            return failed;
        }
        Input = ServiceForm.From(Service!);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } failed)
        {
            return failed;
        }
        if (Input.ToRequest(ModelState, "Input") is not { } request || !ModelState.IsValid)
        {
            return Page();
        }
        var updated = await selfService.UpdateServiceAsync(User, id, request, ct);
        if (updated.Error is { } error)
        {
            ServiceForm.AddErrors(ModelState, error, "Input");
            return Page();
        }
        TempData["Flash"] = $"Service “{updated.Value!.Name}” saved.";
        return RedirectToPage("/Provider/Services/Index");
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        // The self-service lists only the caller's own services, so another provider's id is simply not found.
        for (var page = 1; ; page++)
        {
            var services = await selfService.ListServicesAsync(User, new PageRequest(page, PageRequest.MaxPageSize), ct);
            if (services.Error is { } error)
            {
                TempData["Flash"] = error.Message;
                return RedirectToPage("/Provider/Index");
            }
            Service = services.Value!.Items.FirstOrDefault(s => s.Id == id);
            if (Service is not null || page * PageRequest.MaxPageSize >= services.Value.Count)
            {
                break;
            }
        }
        if (Service is null)
        {
            return NotFound();
        }
        Categories = (await catalog.ListCategoriesAsync(new PageRequest(1, PageRequest.MaxPageSize), ct)).Items;
        return null;
    }
}
