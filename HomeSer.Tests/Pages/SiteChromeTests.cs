using System.Net;
using HomeSer.Tests.Support;

namespace HomeSer.Tests.Pages;

/// <summary>What every page carries: a favicon, a description for search engines, a footer whose pages exist, real error statuses.</summary>
public sealed class SiteChromeTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    [Fact]
    public async Task Every_page_links_a_favicon_that_is_served()
    {
        var client = factory.Anonymous();
        var html = await client.GetStringAsync("/");

        Assert.Contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\" />", html);
        var icon = await client.GetAsync("/favicon.svg");
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Every_page_has_a_meta_description_and_follows_the_system_colour_scheme()
    {
        var html = await factory.Anonymous().GetStringAsync("/");

        Assert.Contains("<meta name=\"description\" content=\"Book trusted plumbers", html);
        Assert.Contains("<meta name=\"color-scheme\" content=\"light dark\" />", html);
        Assert.DoesNotContain("data-theme=", html);
    }

    [Theory]
    [InlineData("/about", "About HomeSer")]
    [InlineData("/help", "Help")]
    [InlineData("/for-pros", "HomeSer for pros")]
    [InlineData("/terms", "Terms of use")]
    [InlineData("/privacy", "Privacy")]
    [InlineData("/imprint", "Imprint")]
    public async Task Footer_links_open_their_page(string path, string heading)
    {
        var client = factory.Anonymous();
        var home = await client.GetStringAsync("/");
        Assert.Contains($"<a href=\"{path}\">", home);

        var page = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"<h1>{heading}</h1>", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_address_answers_404_with_the_not_found_page()
    {
        var response = await factory.Anonymous().GetAsync("/no-such-page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_not_allowed_page_itself_answers_403()
    {
        var response = await factory.Anonymous().GetAsync("/Account/AccessDenied");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Your account cannot open that page.", await response.Content.ReadAsStringAsync());
    }
}
