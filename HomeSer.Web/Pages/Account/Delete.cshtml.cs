using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Privacy;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HomeSer.Web.Pages.Account;

/// <summary>Closing the account: what will happen, then the password as confirmation.</summary>
[Authorize]
public sealed class DeleteModel(AccountDeletion deletion, ActorResolver actors, SignInManager<AppUser> signIn) : PageModel
{
    [BindProperty]
    public string? Password { get; set; }

    public DeletionPreview Preview { get; private set; } = new(0, 0, false);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await actors.ResolveAsync(User, ct) is not { } actor)
        {
            return Challenge();
        }
        Preview = await deletion.PreviewAsync(actor, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await actors.ResolveAsync(User, ct) is not { } actor)
        {
            return Challenge();
        }
        var result = await deletion.DeleteAsync(actor, Password, ct);
        if (result.Error is { } error)
        {
            ModelState.AddDomainError(error, "");
            Preview = await deletion.PreviewAsync(actor, ct);
            return Page();
        }
        await signIn.SignOutAsync();
        TempData["Flash"] = "Your account is closed and you are signed out. Thank you for using HomeSer.";
        return LocalRedirect("/");
    }
}
