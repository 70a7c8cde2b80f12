using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Infrastructure;
using HomeSer.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HomeSer.Web.Pages.Account;

/// <summary>The customer's home address: where their bookings happen unless they say otherwise.</summary>
[Authorize(Roles = Roles.Customer)]
public sealed class AddressModel(HomeAddresses homes, ActorResolver actors) : PageModel
{
    [BindProperty]
    public AddressForm Address { get; set; } = new();

    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await actors.ResolveAsync(User, cancellationToken) is not { } actor)
        {
            return Challenge();
        }
        Address = AddressForm.From(await homes.GetAsync(actor.UserId, cancellationToken));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await actors.ResolveAsync(User, cancellationToken) is not { } actor)
        {
            return Challenge();
        }
        var result = await homes.SetAsync(actor.UserId, Address.ToInput(), cancellationToken);
        if (result.Error is { } error)
        {
            // The service names fields address.*, which this form binds as Address.*.
            ModelState.AddDomainError(error, "");
            Response.StatusCode = Problems.Status(error.Kind);
            return Page();
        }
        TempData["Flash"] = "Home address saved. New bookings happen there unless you choose another address.";
        return RedirectToPage();
    }
}
