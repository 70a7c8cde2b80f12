using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;

namespace HomeSer.Tests.Security;

/// <summary>Host filtering off (as behind a proxy that passes any Host), a public origin configured, mail to a folder.</summary>
public sealed class PublicOriginFactory : HomeSerFactory
{
    public const string PublicBaseUrl = "https://homeser.example/";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("App:PublicBaseUrl", PublicBaseUrl), new("AllowedHosts", "*")];
}

/// <summary>Absolute links come from App:PublicBaseUrl, never from the Host header a client sends.</summary>
public sealed partial class PublicOriginTests(PublicOriginFactory factory) : IClassFixture<PublicOriginFactory>
{
    private HttpClient EvilHostClient()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Host = "evil.example";
        return client;
    }

    [Fact]
    public async Task A_reset_link_points_at_the_public_origin_whatever_host_the_request_named()
    {
        var user = await factory.CreateUserAsync(Roles.Customer);

        var response = await FormPost.SubmitAsync(EvilHostClient(), "/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = user.Email! });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var mail = Assert.Single(await factory.MailsToAsync(user.Email!));
        var unfolded = QuotedPrintableSoftBreak().Replace(mail, "");
        Assert.DoesNotContain("evil.example", unfolded);
        Assert.Contains(PublicOriginFactory.PublicBaseUrl + "Account/ResetPassword?", unfolded);
    }

    [Fact]
    public async Task A_next_page_link_points_at_the_public_origin()
    {
        var response = await EvilHostClient().GetAsync("/api/services/categories/");
        response.EnsureSuccessStatusCode();
        var provider = await factory.CreateProviderAsync();
        await factory.CreateProviderAsync();

        var list = JsonDocument.Parse(await EvilHostClient().GetStringAsync("/api/services/services/?page_size=1")).RootElement;

        Assert.True(list.GetProperty("count").GetInt32() >= 2, $"two services exist (provider {provider.Profile.Id})");
        Assert.StartsWith(PublicOriginFactory.PublicBaseUrl + "api/services/services/?", list.GetProperty("next").GetString());
    }

    [GeneratedRegex("=\r\n")]
    private static partial Regex QuotedPrintableSoftBreak();
}

/// <summary>Outside Development only the configured host names are served.</summary>
public sealed class AllowedHostsTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    [Fact]
    public async Task A_request_for_an_unknown_host_is_refused()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Host = "evil.example";

        var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_request_for_localhost_is_served()
    {
        var response = await factory.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
