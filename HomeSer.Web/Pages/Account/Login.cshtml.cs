using System.ComponentModel.DataAnnotations;
using HomeSer.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace HomeSer.Web.Pages.Account;

[EnableRateLimiting(AuthApi.LoginRateLimitPolicy)]
public sealed class LoginModel(SignInManager<AppUser> signIn, PasswordCheck passwords) : PageModel
{
    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [Display(Name = "Keep me signed in")]
        public bool RememberMe { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var check = await passwords.CheckAsync(Input.Email, Input.Password, HttpContext.Connection.RemoteIpAddress?.ToString());
        if (check.Outcome == PasswordCheckOutcome.Throttled)
        {
            ModelState.AddModelError(string.Empty, "Too many failed attempts. Wait a few minutes and try again.");
            return Page();
        }
        if (check.User is not { } user)
        {
            ModelState.AddModelError(string.Empty, "Email or password is incorrect.");
            return Page();
        }
        await signIn.SignInAsync(user, Input.RememberMe);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
