using System.ComponentModel.DataAnnotations;
using System.Text;
using HomeSer.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;

namespace HomeSer.Web.Pages.Account;

/// <summary>Sets a new password with the code from the reset mail (/Account/ResetPassword?email=&amp;code=).</summary>
[EnableRateLimiting(AuthApi.LoginRateLimitPolicy)]
public sealed class ResetPasswordModel(UserManager<AppUser> users) : PageModel
{
    public const string InvalidLinkMessage = "This reset link is invalid or has expired. Ask for a new one.";

    public sealed class InputModel
    {
        public string Email { get; set; } = "";

        public string Code { get; set; } = "";

        [Required(ErrorMessage = "Choose a new password.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string Password { get; set; } = "";

        [DataType(DataType.Password)]
        [Display(Name = "Confirm new password")]
        public string ConfirmPassword { get; set; } = "";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool Done { get; private set; }

    public void OnGet(string? email, string? code)
    {
        Input.Email = email ?? "";
        Input.Code = code ?? "";
        if (Input.Email.Length == 0 || Input.Code.Length == 0)
        {
            ModelState.AddModelError(string.Empty, InvalidLinkMessage);
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (Input.Password != Input.ConfirmPassword)
        {
            ModelState.AddModelError("Input.ConfirmPassword", "The passwords do not match.");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var token = Decode(Input.Code);
        var user = string.IsNullOrWhiteSpace(Input.Email) ? null : await users.FindByEmailAsync(Input.Email.Trim());
        if (token is null || user is null)
        {
            // An unknown address answers like a bad code: the page does not reveal who has an account.
            ModelState.AddModelError(string.Empty, InvalidLinkMessage);
            return Page();
        }

        var result = await users.ResetPasswordAsync(user, token, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var key = error.Code switch
                {
                    var c when c.StartsWith("Password", StringComparison.Ordinal) => "Input.Password",
                    _ => string.Empty,
                };
                ModelState.AddModelError(key, error.Code == nameof(IdentityErrorDescriber.InvalidToken) ? InvalidLinkMessage : error.Description);
            }
            return Page();
        }

        // A forgotten password often follows failed attempts: the new one should work at once.
        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        Done = true;
        return Page();
    }

    private static string? Decode(string code)
    {
        try
        {
            return code.Length == 0 ? null : Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
