using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;

namespace HomeSer.Tests.Security;

/// <summary>Every response carries the security headers; pages get a nonce-based CSP and the htmx configuration we mean.</summary>
public sealed partial class SecurityHeadersTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : "";

    [Theory]
    [InlineData("/")]
    [InlineData("/Search?location=Berlin")]
    [InlineData("/Account/Login")]
    [InlineData("/api/services/categories/")]
    [InlineData("/no-such-page")]
    public async Task Every_response_carries_the_security_headers(string url)
    {
        var response = await factory.CreateClient().GetAsync(url);

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"));
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Matches(@"script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}';", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
    }

    [Fact]
    public async Task The_nonce_is_new_for_every_request()
    {
        var client = factory.CreateClient();

        var first = Header(await client.GetAsync("/"), "Content-Security-Policy");
        var second = Header(await client.GetAsync("/"), "Content-Security-Policy");

        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/Search?location=Berlin")]
    [InlineData("/Account/Login")]
    [InlineData("/Account/Register")]
    [InlineData("/Notifications")]
    [InlineData("/Bookings")]
    public async Task Pages_have_no_inline_script_or_style(string url)
    {
        var client = await factory.SignedInAsync((await factory.CreateUserAsync(Roles.Customer)).Email!);

        var html = await client.GetStringAsync(url);

        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(@"<style[\s>]", html);
        Assert.DoesNotMatch(@"\sstyle\s*=", html);
        Assert.DoesNotMatch(@"\son[a-z]+\s*=", html);
    }

    [Fact]
    public async Task The_page_serves_htmx_config_with_same_origin_only_and_no_scripts_from_swaps()
    {
        var html = await factory.CreateClient().GetStringAsync("/");

        var content = HtmxConfig().Match(html);
        Assert.True(content.Success, "the layout has an htmx-config meta tag");
        var config = JsonDocument.Parse(WebUtility.HtmlDecode(content.Groups[1].Value)).RootElement;
        Assert.True(config.GetProperty("selfRequestsOnly").GetBoolean());
        Assert.False(config.GetProperty("allowScriptTags").GetBoolean());
        Assert.False(config.GetProperty("allowEval").GetBoolean());
        Assert.False(config.GetProperty("includeIndicatorStyles").GetBoolean());
    }

    [Fact]
    public async Task The_jobs_dashboard_alone_gets_the_looser_policy_it_needs()
    {
        var admin = await factory.SignedInAsync((await factory.CreateUserAsync(Roles.Admin)).Email!);

        var response = await admin.GetAsync("/admin/jobs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self' 'unsafe-inline'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
    }

    [GeneratedRegex(@"<script(?![^>]*\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("<meta name=\"htmx-config\" content='([^']*)'")]
    private static partial Regex HtmxConfig();
}
