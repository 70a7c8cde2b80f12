using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace HomeSer.E2E;

public sealed partial class HealthzTests(AppServer app, Browser browser) : E2ETest(app, browser)
{
    [Fact]
    public async Task Health_endpoint_answers_in_a_real_browser()
    {
        var response = await Page.GotoAsync("/healthz");

        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        await Assertions.Expect(Page.Locator("body")).ToContainTextAsync(HealthyText());
        await ScreenshotAsync("healthz");
    }

    // Exactly the two answers a health endpoint gives; word bounds and case keep "Unhealthy" or "broken" from passing.
    [GeneratedRegex(@"\b(ok|Healthy)\b")]
    private static partial Regex HealthyText();
}
