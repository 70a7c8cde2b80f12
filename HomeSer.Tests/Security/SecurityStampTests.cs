using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Admin;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace HomeSer.Tests.Security;

/// <summary>A role or password change revokes the user's cookies and bearer/refresh tokens at once.</summary>
public sealed class SecurityStampTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    private async Task<JsonElement> TokensAsync(string email, string password = TestData.Password)
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/auth/login/", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<HttpStatusCode> GetWithBearerAsync(string url, JsonElement tokens)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("access_token").GetString());
        return (await factory.CreateClient(new() { AllowAutoRedirect = false }).SendAsync(request)).StatusCode;
    }

    private async Task DemoteAsync(AppUser user)
    {
        var admin = await factory.CreateUserAsync(Roles.Admin);
        await using var scope = factory.Scope();
        var result = await scope.ServiceProvider.GetRequiredService<AdminService>()
            .ChangeRoleAsync(new Actor(admin.Id, false, false, true, null), user.Id, Roles.Customer, CancellationToken.None);
        Assert.True(result.IsSuccess, $"{result.Error}");
    }

    [Fact]
    public async Task A_demoted_admins_old_bearer_token_no_longer_opens_admin_routes()
    {
        var user = await factory.CreateUserAsync(Roles.Admin);
        var tokens = await TokensAsync(user.Email!);
        Assert.Equal(HttpStatusCode.OK, await GetWithBearerAsync("/api/bookings/bookings/", tokens));

        await DemoteAsync(user);

        Assert.Equal(HttpStatusCode.Unauthorized, await GetWithBearerAsync("/api/bookings/bookings/", tokens));
        Assert.NotEqual(HttpStatusCode.OK, await GetWithBearerAsync("/admin/jobs", tokens));
    }

    [Fact]
    public async Task A_demoted_admins_refresh_token_is_refused()
    {
        var user = await factory.CreateUserAsync(Roles.Admin);
        var tokens = await TokensAsync(user.Email!);

        await DemoteAsync(user);

        var refreshed = await factory.CreateClient().PostAsJsonAsync("/api/auth/refresh/", new { refresh_token = tokens.GetProperty("refresh_token").GetString() });
        Assert.Equal(HttpStatusCode.Unauthorized, refreshed.StatusCode);
    }

    [Fact]
    public async Task A_demoted_admins_cookie_no_longer_opens_the_back_office()
    {
        var user = await factory.CreateUserAsync(Roles.Admin);
        var browser = await factory.SignedInAsync(user.Email!);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Admin/Users")).StatusCode);

        await DemoteAsync(user);
        // The stamp is checked on any request after the cookie was issued; the test clock stands still unless moved.
        factory.Clock.Advance(TimeSpan.FromSeconds(1));

        var after = await browser.GetAsync("/Admin/Users");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/Account/Login?", after.Headers.Location?.OriginalString ?? "");
    }

    [Fact]
    public async Task A_password_change_revokes_the_old_bearer_token()
    {
        var user = await factory.CreateUserAsync(Roles.Customer);
        var tokens = await TokensAsync(user.Email!);

        await using (var scope = factory.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var stored = (await users.FindByEmailAsync(user.Email!))!;
            Assert.True((await users.ChangePasswordAsync(stored, TestData.Password, "N3wSecret!")).Succeeded);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await GetWithBearerAsync("/api/auth/me/", tokens));
        Assert.Equal(HttpStatusCode.OK, await GetWithBearerAsync("/api/auth/me/", await TokensAsync(user.Email!, "N3wSecret!")));
    }
}
