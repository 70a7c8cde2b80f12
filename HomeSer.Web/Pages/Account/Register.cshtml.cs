using System.ComponentModel.DataAnnotations;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HomeSer.Web.Pages.Account;

public sealed class RegisterModel(AccountService accounts, SignInManager<AppUser> signIn) : PageModel
{
    public sealed class InputModel
    {
        [Display(Name = "Display name")]
        public string DisplayName { get; set; } = "";

        public string Email { get; set; } = "";

        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [DataType(DataType.Password)]
        [Display(Name = "Confirm password")]
        public string ConfirmPassword { get; set; } = "";

        public string Role { get; set; } = "customer";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Input.Password != Input.ConfirmPassword)
        {
            ModelState.AddModelError("Input.ConfirmPassword", "The passwords do not match.");
            return Page();
        }
        var result = await accounts.RegisterAsync(new Registration(Input.Email, Input.Password, Input.DisplayName, Input.Role), cancellationToken);
        if (result.Error is { } error)
        {
            ModelState.AddDomainError(error, "Input");
            return Page();
        }
        await signIn.SignInAsync(result.Value!, isPersistent: false);
        TempData["Flash"] = Input.Role == "provider"
            ? "Welcome to HomeSer! Set up your schedule and services; our team will verify your profile."
            : "Welcome to HomeSer! Find a service and book your first slot.";
        return LocalRedirect("/");
    }
}
