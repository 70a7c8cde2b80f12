using System.Net;
using HomeSer.Tests.Support;
using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HomeSer.Tests.Accounts;

public sealed class SignUpPageTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    private HttpClient Browser() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });

    private static Dictionary<string, string> SignUpForm(string email, string role, string name = "Dana Example", string password = "Passw0rd!", string? confirm = null) => new()
    {
        ["Input.DisplayName"] = name,
        ["Input.Email"] = email,
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = confirm ?? password,
        ["Input.Role"] = role,
    };

    [Fact]
    public async Task Signing_up_as_a_customer_creates_the_account_and_asks_to_sign_in()
    {
        var client = Browser();
        var email = TestData.UniqueEmail("dana");

        var response = await FormPost.SubmitAsync(client, "/Account/Register", SignUpForm(email, "customer"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/Account/Login", response.RequestMessage!.RequestUri!.AbsolutePath);
        var html = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains(HomeSer.Web.Pages.Account.RegisterModel.SentMessage, html);
        await using var scope = factory.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email);
        Assert.NotNull(user);
        Assert.Equal([Roles.Customer], await users.GetRolesAsync(user));
        var signedIn = await FormPost.SubmitAsync(client, "/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "Passw0rd!" });
        Assert.Contains("data-testid=\"signed-in-as\">Dana Example<", await signedIn.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Signing_up_as_a_provider_creates_an_unverified_profile()
    {
        var email = TestData.UniqueEmail("pro");

        await FormPost.SubmitAsync(Browser(), "/Account/Register", SignUpForm(email, "provider", name: "Pro Plumbing"));

        var profile = await factory.WithDbAsync(db => db.Providers.AsNoTracking().SingleAsync(p => p.User!.Email == email));
        Assert.Equal("Pro Plumbing", profile.DisplayName);
        Assert.False(profile.IsVerified);
        await using var scope = factory.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.Equal([Roles.Provider], await users.GetRolesAsync((await users.FindByEmailAsync(email))!));
    }

    [Fact]
    public async Task A_weak_password_and_a_mismatch_are_shown_next_to_the_fields_and_nothing_is_created()
    {
        var email = TestData.UniqueEmail("weak");

        var weak = await FormPost.SubmitAsync(Browser(), "/Account/Register", SignUpForm(email, "customer", password: "short"));
        var mismatch = await FormPost.SubmitAsync(Browser(), "/Account/Register", SignUpForm(email, "customer", confirm: "Passw0rd?"));

        var weakHtml = await weak.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        Assert.Matches("id=\"password-error\"[^>]*>[^<]*Passwords must be at least 8 characters", weakHtml);
        Assert.Contains("The passwords do not match.", await mismatch.Content.ReadAsStringAsync());
        Assert.False(await factory.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == email)));
    }

    [Fact]
    public async Task A_taken_email_gets_the_same_answer_as_a_new_one_and_no_second_account()
    {
        var email = TestData.UniqueEmail("twice");
        var first = await FormPost.SubmitAsync(Browser(), "/Account/Register", SignUpForm(email, "customer"));

        var second = await FormPost.SubmitAsync(Browser(), "/Account/Register", SignUpForm(email, "customer"));

        Assert.Equal(first.RequestMessage!.RequestUri, second.RequestMessage!.RequestUri);
        var html = await second.Content.ReadAsStringAsync();
        Assert.DoesNotContain("already taken", html);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(HomeSer.Web.Pages.Account.RegisterModel.SentMessage), html);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Users.CountAsync(u => u.Email == email)));
    }

    [Fact]
    public async Task Sign_in_with_the_right_password_works_and_the_wrong_one_says_so()
    {
        var user = await factory.CreateUserAsync(Roles.Customer, displayName: "Sam Signin");

        var wrong = await FormPost.SubmitAsync(Browser(), "/Account/Login", new Dictionary<string, string> { ["Input.Email"] = user.Email!, ["Input.Password"] = "nope-nope" });
        var client = Browser();
        var right = await FormPost.SubmitAsync(client, "/Account/Login", new Dictionary<string, string> { ["Input.Email"] = user.Email!, ["Input.Password"] = TestData.Password });

        Assert.Contains("Email or password is incorrect.", await wrong.Content.ReadAsStringAsync());
        Assert.Contains("data-testid=\"signed-in-as\">Sam Signin<", await right.Content.ReadAsStringAsync());

        var signedOut = await FormPost.SubmitAsync(client, "/", new Dictionary<string, string>(), action: "/Account/Logout");
        var home = await signedOut.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Sam Signin", home);
        Assert.Contains(">Sign in<", home);
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_refused()
    {
        var response = await Browser().PostAsync("/Account/Register", new FormUrlEncodedContent(SignUpForm(TestData.UniqueEmail(), "customer")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
