using System.ComponentModel.DataAnnotations;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace HomeSer.Web.Pages.Account;

[EnableRateLimiting(AuthApi.RegisterRateLimitPolicy)]
public sealed class RegisterModel(AccountService accounts, RequestValidator validator) : PageModel
{
    public const string SentMessage = "Thanks! We sent a mail to that address. Sign in with your email and password to continue.";

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
        var request = new RegisterRequest(Input.Email, Input.Password, Input.Role, Input.DisplayName, null, null);
        if (await validator.ValidateAsync(request, cancellationToken) is { } invalid)
        {
            ModelState.AddDomainError(invalid, "Input");
            return Page();
        }
        var result = await accounts.RegisterAsync(request.ToRegistration(), cancellationToken);
        if (result.Error is { } error)
        {
            ModelState.AddDomainError(error, "Input");
            return Page();
        }
        // The same answer whether the address was free or already had an account (whose owner gets a mail instead).
        TempData["Flash"] = SentMessage;
        return RedirectToPage("/Account/Login");
    }
}
