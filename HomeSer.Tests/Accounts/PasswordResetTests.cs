using System.Net;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Pages.Account;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace HomeSer.Tests.Accounts;

/// <summary>Mail to a pickup folder of its own (as <see cref="LiveFactory"/>), with room for this class's many sign-ins.</summary>
public sealed class AccountMailFactory : HomeSerFactory;

/// <summary>Account mails through the real pipeline: the .eml files the app writes to its pickup folder.</summary>
public sealed partial class PasswordResetTests(AccountMailFactory factory) : IClassFixture<AccountMailFactory>
{
    private const string NewPassword = "N3wSecret!";

    private HttpClient Browser() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });

    /// <summary>The decoded text bodies of the mails sent to <paramref name="email"/> with <paramref name="subject"/>.</summary>
    private async Task<List<string>> MailsToAsync(string email, string subject) =>
        (await factory.MailsToAsync(email, subject)).Select(Body).ToList();

    private static string Body(string eml)
    {
        var split = eml.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = eml[..split];
        var body = eml[(split + 4)..];
        if (headers.Contains("Content-Transfer-Encoding: base64", StringComparison.OrdinalIgnoreCase))
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(body.Replace("\r\n", "", StringComparison.Ordinal).Trim()));
        }
        if (headers.Contains("Content-Transfer-Encoding: quoted-printable", StringComparison.OrdinalIgnoreCase))
        {
            var joined = body.Replace("=\r\n", "", StringComparison.Ordinal);
            var bytes = new List<byte>();
            for (var i = 0; i < joined.Length; i++)
            {
                if (joined[i] == '=' && i + 2 < joined.Length)
                {
                    bytes.Add(Convert.ToByte(joined.Substring(i + 1, 2), 16));
                    i += 2;
                }
                else
                {
                    bytes.Add((byte)joined[i]);
                }
            }
            return Encoding.UTF8.GetString([.. bytes]);
        }
        return body;
    }

    private static async Task<string> HtmlAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> RequestResetAsync(string email) =>
        await FormPost.SubmitAsync(Browser(), "/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = email });

    private static async Task<HttpResponseMessage> SetPasswordAsync(HttpClient client, string pageUrl, string email, string code, string password, string? confirm = null) =>
        await FormPost.SubmitAsync(client, pageUrl, new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Code"] = code,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = confirm ?? password,
        });

    private async Task<string> SignInAsync(string email, string password) =>
        await HtmlAsync(await FormPost.SubmitAsync(Browser(), "/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));

    [Fact]
    public async Task The_login_page_links_to_the_forgotten_password_page()
    {
        var html = await Browser().GetStringAsync("/Account/Login");

        Assert.Contains("href=\"/Account/ForgotPassword\"", html);
        Assert.Contains("Forgot your password?", html);
    }

    [Fact]
    public async Task A_reset_link_from_the_mail_sets_a_new_password_that_signs_in()
    {
        var user = await factory.CreateUserAsync(Roles.Customer, displayName: "Riley Reset");

        var requested = await HtmlAsync(await RequestResetAsync(user.Email!));

        Assert.Contains(ForgotPasswordModel.SentMessage, requested);
        var body = Assert.Single(await MailsToAsync(user.Email!, IdentityEmailSender.ResetSubject));
        Assert.Contains("Hello Riley Reset", body);
        var link = new Uri(ResetLink().Match(body).Value);
        Assert.Equal("/Account/ResetPassword", link.AbsolutePath);
        var query = QueryHelpers.ParseQuery(link.Query);
        Assert.Equal(user.Email, query["email"].ToString());

        // Following the link: the page carries the email and code; a weak password is refused next to its field.
        var browser = Browser();
        var page = await HtmlAsync(await browser.GetAsync(link.PathAndQuery));
        Assert.Contains(query["code"].ToString(), page);
        var weak = await HtmlAsync(await SetPasswordAsync(browser, link.PathAndQuery, query["email"]!, query["code"]!, "short"));
        Assert.Matches("id=\"password-error\"[^>]*>[^<]*at least 8 characters", weak);

        var done = await HtmlAsync(await SetPasswordAsync(browser, link.PathAndQuery, query["email"]!, query["code"]!, NewPassword));

        Assert.Contains("Your password has been changed.", done);
        Assert.Contains("href=\"/Account/Login\"", done);
        Assert.Contains("data-testid=\"signed-in-as\">Riley Reset<", await SignInAsync(user.Email!, NewPassword));
        Assert.Contains("Email or password is incorrect.", await SignInAsync(user.Email!, TestData.Password));

        // The code is spent: the password changed its security stamp.
        var again = await HtmlAsync(await SetPasswordAsync(Browser(), link.PathAndQuery, query["email"]!, query["code"]!, "An0therSecret"));
        Assert.Contains(ResetPasswordModel.InvalidLinkMessage, again);
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_answer_and_no_mail()
    {
        var unknown = TestData.UniqueEmail("nobody");
        var html = await HtmlAsync(await RequestResetAsync(unknown));

        Assert.Contains(ForgotPasswordModel.SentMessage, html);
        // Mail is queued inside the request, so no job for the address means no mail will follow.
        Assert.False(factory.AnyMailJobTo(unknown));
        Assert.DoesNotContain(factory.Mails(), m => m.Contains($"To: {unknown}", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task An_invalid_code_shows_an_error_and_keeps_the_password()
    {
        var user = await factory.CreateUserAsync(Roles.Customer, displayName: "Ivy Invalid");
        var forged = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes("not-a-token"));
        var url = $"/Account/ResetPassword?email={Uri.EscapeDataString(user.Email!)}&code={forged}";

        var forgedAnswer = await HtmlAsync(await SetPasswordAsync(Browser(), url, user.Email!, forged, NewPassword));
        var garbledAnswer = await HtmlAsync(await SetPasswordAsync(Browser(), url, user.Email!, "%%%not-base64%%%", NewPassword));

        Assert.Contains(ResetPasswordModel.InvalidLinkMessage, forgedAnswer);
        Assert.Contains(ResetPasswordModel.InvalidLinkMessage, garbledAnswer);
        Assert.DoesNotContain("Your password has been changed.", forgedAnswer);
        Assert.Contains("data-testid=\"signed-in-as\">Ivy Invalid<", await SignInAsync(user.Email!, TestData.Password));
    }

    [Fact]
    public async Task Signing_up_sends_a_welcome_mail()
    {
        var email = TestData.UniqueEmail("welcome");

        await FormPost.SubmitAsync(Browser(), "/Account/Register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Wendy Welcome",
            ["Input.Email"] = email,
            ["Input.Password"] = TestData.Password,
            ["Input.ConfirmPassword"] = TestData.Password,
            ["Input.Role"] = "provider",
        });

        var body = Assert.Single(await MailsToAsync(email, IdentityEmailSender.WelcomeSubject));
        Assert.Contains("Hello Wendy Welcome", body);
        Assert.Contains("verifies your profile", body);
    }

    [Fact]
    public void The_reset_pages_share_the_login_rate_limit()
    {
        foreach (var page in new[] { typeof(ForgotPasswordModel), typeof(ResetPasswordModel) })
        {
            Assert.Equal(AuthApi.LoginRateLimitPolicy, page.GetCustomAttribute<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>()?.PolicyName);
        }
    }

    [GeneratedRegex(@"https?://\S+/Account/ResetPassword\?\S+")]
    private static partial Regex ResetLink();
}
