using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Admin;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HomeSer.Tests.Backoffice;

public sealed class AdminPageTests(BackofficeFactory factory) : IClassFixture<BackofficeFactory>
{
    private async Task<HttpClient> AdminAsync()
    {
        var admin = await factory.CreateUserAsync(Roles.Admin);
        return await factory.SignedInAsync(admin.Email!);
    }

    [Fact]
    public async Task Admin_verifies_a_provider_who_is_then_notified()
    {
        var provider = await factory.CreateProviderAsync(verified: false);
        var client = await AdminAsync();
        Assert.Contains(provider.User.Email!, await client.GetStringAsync("/Admin/Providers"));

        var response = await FormPost.SubmitAsync(client, "/Admin/Providers", new Dictionary<string, string>(),
            $"/Admin/Providers?handler=Verify&id={provider.Profile.Id}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(await factory.WithDbAsync(db => db.Providers.Where(p => p.Id == provider.Profile.Id).Select(p => p.IsVerified).SingleAsync()));
        var notification = await factory.WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.UserId == provider.User.Id));
        Assert.Equal(AdminService.Kinds.ProviderVerified, notification.Kind);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/Admin/Providers"));
        Assert.Contains("is verified and was notified", page);
        Assert.DoesNotContain(provider.User.Email!, page);
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_and_deactivates_the_provider()
    {
        var provider = await factory.CreateProviderAsync(verified: false);
        var client = await AdminAsync();
        var url = $"/Admin/Providers?handler=Reject&id={provider.Profile.Id}";

        await FormPost.SubmitAsync(client, "/Admin/Providers", new Dictionary<string, string> { ["reason"] = " " }, url);
        Assert.True(await factory.WithDbAsync(db => db.Providers.Where(p => p.Id == provider.Profile.Id).Select(p => p.IsActive).SingleAsync()));

        await FormPost.SubmitAsync(client, "/Admin/Providers", new Dictionary<string, string> { ["reason"] = "No trade licence" }, url);

        var profile = await factory.WithDbAsync(db => db.Providers.AsNoTracking().SingleAsync(p => p.Id == provider.Profile.Id));
        Assert.False(profile.IsActive);
        var notification = await factory.WithDbAsync(db => db.Notifications.AsNoTracking().SingleAsync(n => n.UserId == provider.User.Id));
        Assert.Contains("No trade licence", notification.Body);
    }

    [Fact]
    public async Task Booking_list_filters_by_status()
    {
        var provider = await factory.CreateProviderAsync();
        var pending = await factory.BookAsync(provider, utcHour: 9);
        var toConfirm = await factory.BookAsync(provider, utcHour: 11);
        var providerClient = await factory.SignedInAsync(provider.User.Email!);
        await FormPost.SubmitAsync(providerClient, "/Provider", new Dictionary<string, string>(), $"/Provider?handler=Confirm&id={toConfirm}");
        var client = await AdminAsync();

        var html = await client.GetStringAsync($"/Admin/Bookings?status=confirmed&provider={provider.Profile.Id}");

        Assert.Contains($"<td data-label=\"#\">{toConfirm}</td>", html);
        Assert.DoesNotContain($"<td data-label=\"#\">{pending}</td>", html);
        Assert.Contains("<option value=\"confirmed\" selected=\"selected\">", html);
        var all = await client.GetStringAsync($"/Admin/Bookings?provider={provider.Profile.Id}&from=2030-01-08&to=2030-01-08");
        Assert.Contains($"<td data-label=\"#\">{pending}</td>", all);
        var none = await client.GetStringAsync($"/Admin/Bookings?provider={provider.Profile.Id}&from=2030-01-09");
        Assert.DoesNotContain($"<td data-label=\"#\">{pending}</td>", none);
    }

    [Fact]
    public async Task Booking_rows_show_where_the_job_is_by_postcode_and_city()
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.CreateUserAsync(Roles.Customer);
        var api = await factory.ClientForAsync(customer.Email!);
        var created = await api.PostAsJsonAsync("/api/bookings/bookings/", new
        {
            service = provider.Service.Id,
            provider = provider.Profile.Id,
            start_time = "2030-01-08T13:00:00Z",
            address = new { street = "Oranienstraße 12", postal_code = "10999", city = "Berlin", lat = 52.501, lng = 13.42 },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var withAddress = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var without = await factory.BookAsync(provider, utcHour: 15);
        var client = await AdminAsync();

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/Admin/Bookings?provider={provider.Profile.Id}"));

        Assert.Contains("<th scope=\"col\">Where</th>", html);
        Assert.Matches($@"<td data-label=""#"">{withAddress}</td>(?:(?!</tr>)[\s\S])*<td data-label=""Where"">10999 Berlin</td>", html);
        Assert.Matches($@"<td data-label=""#"">{without}</td>(?:(?!</tr>)[\s\S])*<td data-label=""Where"">No address</td>", html);
        Assert.DoesNotContain("Oranienstraße", html);
    }

    [Fact]
    public async Task Admin_searches_users_by_email_and_changes_a_role()
    {
        var customer = await factory.CreateUserAsync(Roles.Customer);
        var client = await AdminAsync();

        var found = await client.GetStringAsync($"/Admin/Users?email={Uri.EscapeDataString(customer.Email![..20])}");
        Assert.Contains(customer.Email!, found);

        var response = await FormPost.SubmitAsync(client, "/Admin/Users", new Dictionary<string, string> { ["role"] = Roles.Provider },
            $"/Admin/Users?handler=ChangeRole&id={customer.Id}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var scope = factory.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.Equal([Roles.Provider], await users.GetRolesAsync((await users.FindByIdAsync(customer.Id.ToString()))!));
        Assert.True(await factory.WithDbAsync(db => db.Providers.AnyAsync(p => p.UserId == customer.Id && !p.IsVerified)));
    }

    [Fact]
    public async Task Categories_are_added_and_a_duplicate_slug_is_a_field_error()
    {
        var client = await AdminAsync();
        var slug = $"c-{Guid.NewGuid():N}"[..12];

        var added = await FormPost.SubmitAsync(client, "/Admin/Categories", new Dictionary<string, string>
        {
            ["Input.Name"] = "Window cleaning",
            ["Input.Slug"] = slug,
            ["Input.SortOrder"] = "5",
        });
        var duplicate = await FormPost.SubmitAsync(client, "/Admin/Categories", new Dictionary<string, string>
        {
            ["Input.Name"] = "Windows again",
            ["Input.Slug"] = slug,
        });

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.True(await factory.WithDbAsync(db => db.Categories.AnyAsync(c => c.Slug == slug && c.Name == "Window cleaning")));
        Assert.Contains("id=\"category-slug-error\" class=\"field-error\">Another category already uses", await duplicate.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_provider_cannot_open_the_back_office()
    {
        var provider = await factory.CreateProviderAsync();
        var client = await factory.SignedInAsync(provider.User.Email!);

        var response = await client.GetAsync("/Admin");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Your account cannot open this page.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_provider_moved_to_customer_leaves_search()
    {
        var provider = await factory.CreateProviderAsync();
        var client = await AdminAsync();

        await FormPost.SubmitAsync(client, "/Admin/Users", new Dictionary<string, string> { ["role"] = Roles.Customer },
            $"/Admin/Users?handler=ChangeRole&id={provider.User.Id}");

        Assert.False(await factory.WithDbAsync(db => db.Providers.Where(p => p.Id == provider.Profile.Id).Select(p => p.IsActive).SingleAsync()));
    }

    [Fact]
    public async Task An_admin_cannot_drop_their_own_admin_role()
    {
        var admin = await factory.CreateUserAsync(Roles.Admin);
        var client = await factory.SignedInAsync(admin.Email!);

        await FormPost.SubmitAsync(client, "/Admin/Users", new Dictionary<string, string> { ["role"] = Roles.Customer },
            $"/Admin/Users?handler=ChangeRole&id={admin.Id}");

        Assert.Contains("You cannot remove your own admin role.", WebUtility.HtmlDecode(await client.GetStringAsync("/Admin/Users")));
    }
}
