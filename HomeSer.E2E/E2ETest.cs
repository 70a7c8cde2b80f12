using Microsoft.Playwright;

namespace HomeSer.E2E;

/// <summary>
/// Base for E2E tests: a fresh browser context per test (so no cookie leaks between journeys) whose base URL is the
/// app, so tests navigate with relative paths: <c>Page.GotoAsync("/")</c>.
/// </summary>
[Collection(E2ECollection.Name)]
public abstract class E2ETest(AppServer app, Browser browser) : IAsyncLifetime
{
    private IBrowserContext? _context;

    protected AppServer App { get; } = app;

    protected IPage Page { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // First requests compile Razor views on a 2-core CI machine; allow for that, never sleep.
        Assertions.SetDefaultExpectTimeout(15_000);
        _context = await browser.Chromium.NewContextAsync(new()
        {
            BaseURL = App.BaseAddress.ToString(),
            Locale = "en-US",
            TimezoneId = "UTC",
            ViewportSize = new() { Width = 1280, Height = 800 },
        });
        _context.SetDefaultTimeout(30_000);
        Page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.CloseAsync();
        }
    }

    /// <summary>Saves a full-page screenshot to <c>artifacts/screenshots/&lt;name&gt;.png</c> under the repo root.</summary>
    protected Task<string> ScreenshotAsync(string name) => Screenshots.SaveAsync(Page, name);
}
