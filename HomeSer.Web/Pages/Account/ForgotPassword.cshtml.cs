using System.ComponentModel.DataAnnotations;
using System.Text;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;

namespace HomeSer.Web.Pages.Account;

/// <summary>
/// Mails a password reset link. The answer is the same whether or not an account exists, so the page cannot be used
/// to find out who has one; it shares the login rate limit.
/// </summary>
[EnableRateLimiting(AuthApi.LoginRateLimitPolicy)]
public sealed class ForgotPasswordModel(UserManager<AppUser> users, IEmailSender<AppUser> mail, PublicOrigin origin, ILogger<ForgotPasswordModel> logger) : PageModel
{
    public const string SentMessage = "If an account exists for that address, we sent it a link to reset the password.";

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address.")]
        public string Email { get; set; } = "";
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var email = Input.Email.Trim();
        if (await users.FindByEmailAsync(email) is { Email: { Length: > 0 } address } user)
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
            // Absolute from the configured origin: a link built from the request's Host could point at anyone's site.
            var link = origin.Url(Url.Page("/Account/ResetPassword", pageHandler: null, values: new { email = address, code })!.TrimStart('/'));
            try
            {
                await mail.SendPasswordResetLinkAsync(user, address, link);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Same answer as always: telling the visitor would reveal that the account exists.
                logger.LogError(exception, "Password reset mail to user {UserId} failed", user.Id);
            }
        }
        Sent = true;
        return Page();
    }
}
