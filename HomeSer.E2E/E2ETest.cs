using Microsoft.Playwright;

namespace HomeSer.E2E;

/// <summary>
/// Base for E2E tests: a fresh browser context per test (so no cookie leaks between journeys) whose base URL is the
/// app, so tests navigate with relative paths: <c>Page.GotoAsync("/")</c>.
/// </summary>
[Collection(E2ECollection.Name)]
public abstract class E2ETest(AppServer app, Browser browser) : IAsyncLifetime
{
    public const string Password = "Passw0rd!";

    // The test's own browser first, then any second person's; all closed when the test ends.
    private readonly List<IBrowserContext> _contexts = [];

    protected AppServer App { get; } = app;

    protected IPage Page { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // First requests compile Razor views on a 2-core CI machine; allow for that, never sleep.
        Assertions.SetDefaultExpectTimeout(15_000);
        Page = await NewBrowserAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }

    /// <summary>A second person: a browser context of their own (own cookies) on the app, closed with the test.</summary>
    protected async Task<IPage> NewBrowserAsync(BrowserNewContextOptions? options = null)
    {
        options ??= new();
        options.BaseURL = App.BaseAddress.ToString();
        options.Locale ??= "en-US";
        options.TimezoneId ??= "UTC";
        options.ViewportSize ??= new() { Width = 1280, Height = 800 };
        var context = await browser.Chromium.NewContextAsync(options);
        context.SetDefaultTimeout(30_000);
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the login page, as a person would, and waits until the header says so.</summary>
    protected static async Task SignInAsync(IPage page, string email, string password = Password)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    /// <summary>Saves a full-page screenshot to <c>artifacts/screenshots/&lt;name&gt;.png</c> under the repo root.</summary>
    protected Task<string> ScreenshotAsync(string name) => Screenshots.SaveAsync(Page, name);
}
