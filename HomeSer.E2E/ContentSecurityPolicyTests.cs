using Microsoft.Playwright;

namespace HomeSer.E2E;

/// <summary>
/// The strict Content-Security-Policy as Chromium enforces it: every page of each role loads with no violation
/// (Chromium reports each refused script, style or connection as a console error) and no script error.
/// </summary>
public sealed class ContentSecurityPolicyTests(AppServer app, Browser browser) : E2ETest(app, browser)
{
    private static List<string> Watch(IPage page, List<string>? problems = null)
    {
        problems ??= [];
        page.PageError += (_, error) => problems.Add(error);
        page.Console += (_, message) =>
        {
            // The app has no favicon yet; that 404 is not a policy problem.
            if (message.Type is "error" or "warning" && !message.Location.Contains("/favicon.ico", StringComparison.Ordinal))
            {
                problems.Add($"{message.Text} ({message.Location})");
            }
        };
        return problems;
    }

    private static async Task VisitAsync(IPage page, params string[] paths)
    {
        foreach (var path in paths)
        {
            var response = await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
            Assert.True(response?.Ok == true, $"{path} answered {response?.Status}");
        }
    }

    [Fact]
    public async Task Customer_pages_load_without_a_policy_violation()
    {
        var problems = Watch(Page);
        await VisitAsync(Page, "/", "/Search?location=Berlin", "/Account/Login", "/Account/Register");
        await SignInAsync(Page, "customer@homeser.test");
        await VisitAsync(Page, "/", "/Search?location=Berlin&q=leak", "/Bookings", "/Notifications");
        await Page.GotoAsync("/Search?location=Berlin&q=leak");
        await Page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("Leak", System.Text.RegularExpressions.RegexOptions.IgnoreCase) }).First.ClickAsync();
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Empty(problems);
    }

    [Fact]
    public async Task Provider_and_admin_pages_load_without_a_policy_violation()
    {
        var problems = Watch(Page);
        await SignInAsync(Page, "provider@homeser.test");
        await VisitAsync(Page, "/Provider", "/Provider/Schedule", "/Provider/TimeOff", "/Provider/Services", "/Provider/Reviews");

        var admin = await NewBrowserAsync();
        Watch(admin, problems);
        await SignInAsync(admin, "admin@homeser.test");
        await VisitAsync(admin, "/Admin", "/Admin/Users", "/Admin/Providers", "/Admin/Bookings", "/Admin/Categories", "/admin/jobs");

        Assert.Empty(problems);
    }
}
