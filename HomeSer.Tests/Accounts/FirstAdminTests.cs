using System.Net;
using System.Net.Http.Json;
using HomeSer.Tests.Api;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace HomeSer.Tests.Accounts;

/// <summary>
/// The first admin of a marketplace started without the demo data. Each test has an app of its own: whether an admin
/// exists is the whole point.
/// </summary>
public sealed class FirstAdminTests
{
    private const string Email = "owner@example.test";
    private const string Password = "Str0ng-enough!";

    private static async Task<string?> EnsureAsync(HomeSerFactory app, string? email, string? password)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<FirstAdmin>().EnsureAsync(email, password, CancellationToken.None);
    }

    private static async Task<IList<AppUser>> AdminsAsync(HomeSerFactory app)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().GetUsersInRoleAsync(Roles.Admin);
    }

    [Fact]
    public async Task With_no_admin_the_settings_make_one_who_signs_in_as_admin()
    {
        await using var app = new HomeSerFactory();

        Assert.Null(await EnsureAsync(app, Email, Password));

        var client = await app.ClientForAsync(Email, Password);
        var me = await (await client.GetAsync("/api/auth/me/")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([Roles.Admin], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(Email, Assert.Single(await AdminsAsync(app)).Email);
    }

    [Fact]
    public async Task Once_an_admin_exists_the_settings_do_nothing_on_every_later_start()
    {
        await using var app = new HomeSerFactory();
        var admin = await app.CreateUserAsync(Roles.Admin);

        Assert.Null(await EnsureAsync(app, Email, Password));
        Assert.Null(await EnsureAsync(app, Email, Password));

        Assert.Equal(admin.Id, Assert.Single(await AdminsAsync(app)).Id);
        var login = await app.CreateClient().PostAsJsonAsync("/api/auth/login/", new { email = Email, password = Password });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task Half_the_settings_is_refused_naming_the_missing_one()
    {
        await using var app = new HomeSerFactory();

        Assert.Contains(FirstAdmin.PasswordKey + " is missing", await EnsureAsync(app, Email, null));
        Assert.Contains(FirstAdmin.EmailKey + " is missing", await EnsureAsync(app, " ", Password));
        Assert.Null(await EnsureAsync(app, null, null));
        Assert.Empty(await AdminsAsync(app));
    }

    [Fact]
    public async Task Someone_who_registered_the_address_first_does_not_become_admin()
    {
        await using var app = new HomeSerFactory();
        var squatter = await app.CreateUserAsync(Roles.Customer, email: Email);

        var refused = await EnsureAsync(app, Email, Password);

        Assert.Contains("existing account", refused);
        Assert.Empty(await AdminsAsync(app));
        await using var scope = app.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.Equal([Roles.Customer], await users.GetRolesAsync((await users.FindByIdAsync(squatter.Id.ToString()))!));
    }

    [Fact]
    public async Task A_password_the_rules_refuse_is_refused_with_their_reason()
    {
        await using var app = new HomeSerFactory();

        var refused = await EnsureAsync(app, Email, "short");

        Assert.Contains("cannot make the first admin", refused);
        Assert.Contains("at least", refused);
        Assert.Empty(await AdminsAsync(app));
    }
}
