using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace HomeSer.E2E;

/// <summary>
/// Every screen as its users see it, at 1280 and 390 px: a screenshot of each (artifacts/screenshots/screen-*), no
/// sideways scrolling on a phone, no console error or failed resource, and no serious or critical axe violation.
/// Each test visits one role's screens and reports every problem it met at once, so one run shows all that is wrong.
/// </summary>
public sealed partial class ScreensTests(AppServer app, Browser browser) : E2ETest(app, browser)
{
    private readonly List<string> _failures = [];

    [Fact]
    public async Task Public_screens_read_well_at_desktop_and_phone_widths()
    {
        var watch = new PageWatch(Page);
        await VisitAsync(watch, "home", "/");
        await VisitAsync(watch, "search", "/Search?location=Berlin&q=leak");
        var serviceUrl = await FirstHrefAsync(Page.GetByTestId("search-result").First.GetByRole(AriaRole.Link), ServicePath());
        await VisitAsync(watch, "service", serviceUrl);
        // The browser runs on UTC and the demo plumber on Berlin time, so the calendar says how far apart they are.
        await Assertions.Expect(Page.Locator(".calendar-zone")).ToHaveTextAsync(new Regex(@"^Times in Berlin time · your device is on UTC time, [12] hours? behind$"));
        var profileUrl = await FirstHrefAsync(Page.GetByRole(AriaRole.Link), ProviderPath());
        await VisitAsync(watch, "provider-profile", profileUrl);
        await VisitAsync(watch, "search-sorted-filtered", "/Search?location=Berlin&sort=price&rating=4&available=1");
        await VisitAsync(watch, "search-no-match", "/Search?location=Berlin&price_max=1");
        await VisitAsync(watch, "search-bad-filter", "/Search?location=Berlin&price_min=cheap");
        await VisitAsync(watch, "sign-in", "/Account/Login");
        await VisitAsync(watch, "sign-up", "/Account/Register");
        await VisitAsync(watch, "forgot-password", "/Account/ForgotPassword");
        await VisitAsync(watch, "api-docs", "/api-docs");
        await VisitAsync(watch, "not-found", "/no-such-page", expectedStatus: 404);
        foreach (var info in new[] { "about", "help", "for-pros", "terms", "privacy", "imprint" })
        {
            await VisitAsync(watch, info, "/" + info);
        }

        // Dark mode follows the system: the same screens on a dark ground, still readable (axe checks contrast).
        await Page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await VisitAsync(watch, "home-dark", "/");
        if (!await Page.EvaluateAsync<bool>(DarkGroundScript))
        {
            _failures.Add("home-dark: the page stays light when the system asks for dark");
        }

        await VisitAsync(watch, "search-dark", "/Search?location=Berlin&q=leak");
        await VisitAsync(watch, "service-dark", serviceUrl);
        await VisitAsync(watch, "sign-in-dark", "/Account/Login");
        AssertNoFailures();
    }

    [Fact]
    public async Task Customer_screens_read_well_at_desktop_and_phone_widths()
    {
        var watch = new PageWatch(Page);
        await SignInAsync(Page, "customer@homeser.test");
        watch.Take();
        await VisitAsync(watch, "my-bookings", "/Bookings");
        var bookingUrl = await FirstHrefAsync(Page.GetByRole(AriaRole.Link), BookingPath());
        await VisitAsync(watch, "booking", bookingUrl);
        await VisitAsync(watch, "reschedule", bookingUrl + "/Reschedule");
        await VisitAsync(watch, "notifications", "/Notifications");
        await VisitAsync(watch, "my-waitlist", "/Waitlist");
        await VisitAsync(watch, "account", "/Account");
        // The calendar feed's copy button says what it did (copied, or how to copy the selected link by hand).
        await Page.SetViewportSizeAsync(1280, 800);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Copy link" }).ClickAsync();
        await Assertions.Expect(Page.Locator("[data-copy-status='feed-url']")).Not.ToBeEmptyAsync();
        await LookAsync(watch, "account-feed-copied");
        await VisitAsync(watch, "account-close", "/Account/Delete");

        await Page.GotoAsync("/Search?location=Berlin&q=leak");
        var serviceUrl = await FirstHrefAsync(Page.GetByTestId("search-result").First.GetByRole(AriaRole.Link), ServicePath());
        await Page.GotoAsync(serviceUrl);
        var bookUrl = await FirstHrefAsync(Page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Book ") }), new Regex("/Bookings/New"));
        watch.Take();
        await VisitAsync(watch, "book", bookUrl);
        // The checkout with the gateway's card fields open.
        await Page.SetViewportSizeAsync(1280, 800);
        await Page.GetByLabel("Card", new() { Exact = true }).CheckAsync();
        await LookAsync(watch, "book-card");
        await VisitAsync(watch, "not-allowed", "/Admin", expectedStatus: 403);
        AssertNoFailures();
    }

    [Fact]
    public async Task Recurring_visit_screens_read_well_at_desktop_and_phone_widths()
    {
        // Two weekly visits at 14:00 on the first day shown four weeks ahead, clear of the journeys' slots.
        var watch = new PageWatch(Page);
        await SignInAsync(Page, "customer7@homeser.test");
        await Page.GotoAsync("/Search?location=Berlin&q=leak");
        var serviceUrl = await FirstHrefAsync(Page.GetByTestId("search-result").Filter(new() { HasText = "Pat's Plumbing" }).GetByRole(AriaRole.Link), ServicePath());
        await Page.GotoAsync($"{serviceUrl}?week={DateTime.UtcNow.Date.AddDays(7 * 4).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}");
        var bookUrl = await Page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"^Book \w{3} \d{1,2} \w{3} at 14:00$") }).First.GetAttributeAsync("href")
            ?? throw new InvalidOperationException("No 14:00 slot.");
        watch.Take();
        await VisitAsync(watch, "book-repeat", bookUrl);
        await Page.SetViewportSizeAsync(1280, 800);
        await Page.GetByLabel("Repeat every").SelectOptionAsync("1");
        await Page.GetByLabel("for how many visits").FillAsync("2");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Request booking" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Leak repair, recurring" })).ToBeVisibleAsync();
        var seriesUrl = new Uri(Page.Url).PathAndQuery;
        var visitUrl = await FirstHrefAsync(Page.Locator(".series-visits").GetByRole(AriaRole.Link), BookingPath());
        await VisitAsync(watch, "series", seriesUrl);
        await VisitAsync(watch, "booking-series", visitUrl);
        await Page.SetViewportSizeAsync(1280, 800);
        await Page.GetByText("Cancel this and following").ClickAsync();
        await LookAsync(watch, "booking-series-cancel");
        AssertNoFailures();
    }

    [Fact]
    public async Task Provider_screens_read_well_at_desktop_and_phone_widths()
    {
        var watch = new PageWatch(Page);
        await SignInAsync(Page, "provider@homeser.test");
        watch.Take();
        await VisitAsync(watch, "provider-jobs", "/Provider");
        await VisitAsync(watch, "provider-schedule", "/Provider/Schedule");
        await VisitAsync(watch, "provider-time-off", "/Provider/TimeOff");
        await VisitAsync(watch, "provider-services", "/Provider/Services");
        var editUrl = await FirstHrefAsync(Page.GetByRole(AriaRole.Link), new Regex(@"/Provider/Services/Edit/\d+$"));
        await VisitAsync(watch, "provider-service-edit", editUrl);
        await VisitAsync(watch, "provider-reviews", "/Provider/Reviews");
        await VisitAsync(watch, "provider-profile-photo", "/Provider/Profile");
        await VisitAsync(watch, "provider-account", "/Account");
        AssertNoFailures();
    }

    [Fact]
    public async Task Admin_screens_read_well_at_desktop_and_phone_widths()
    {
        var watch = new PageWatch(Page);
        await SignInAsync(Page, "admin@homeser.test");
        watch.Take();
        await VisitAsync(watch, "admin", "/Admin");
        await VisitAsync(watch, "admin-users", "/Admin/Users");
        await VisitAsync(watch, "admin-providers", "/Admin/Providers");
        await VisitAsync(watch, "admin-bookings", "/Admin/Bookings");
        await VisitAsync(watch, "admin-categories", "/Admin/Categories");
        var editUrl = await FirstHrefAsync(Page.GetByRole(AriaRole.Link), new Regex(@"/Admin/Categories/Edit/\d+$"));
        await VisitAsync(watch, "admin-category-edit", editUrl);
        AssertNoFailures();
    }

    /// <summary>Opens the screen at 1280 px, then looks at it again at 390 px, recording every problem found.</summary>
    private async Task VisitAsync(PageWatch watch, string name, string url, int expectedStatus = 200)
    {
        await Page.SetViewportSizeAsync(1280, 800);
        var response = await Page.GotoAsync(url);
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        if (response?.Status != expectedStatus)
        {
            _failures.Add($"{name}: {url} answered HTTP {response?.Status}, expected {expectedStatus}");
        }

        await LookAsync(watch, name, expectedStatus, url);
    }

    /// <summary>Looks at the page as it is now at 1280 px, then at 390 px (screenshots, overflow, axe, console).</summary>
    private async Task LookAsync(PageWatch watch, string name, int expectedStatus = 200, string? url = null)
    {
        url ??= new Uri(Page.Url).PathAndQuery;
        await Screenshots.SaveAsync(Page, $"screen-{name}-1280");
        await AxeAsync(name + " at 1280");

        await Page.SetViewportSizeAsync(390, 844);
        await Screenshots.SaveAsync(Page, $"screen-{name}-390");
        var overflow = await Page.EvaluateAsync<string[]>(OverflowScript);
        if (overflow.Length > 0)
        {
            _failures.Add($"{name} at 390: wider than the phone: {string.Join("; ", overflow)}");
        }

        await AxeAsync(name + " at 390");

        var allowed = expectedStatus >= 400
            ? new[] { $"HTTP {expectedStatus}: GET {new Uri(App.BaseAddress, url)}", $"status of {expectedStatus}" }
            : [];
        _failures.AddRange(watch.Take(allowed).Select(p => $"{name}: {p}"));
    }

    private async Task AxeAsync(string where)
    {
        var result = await Page.RunAxe();
        foreach (var violation in result.Violations.Where(v => v.Impact is "serious" or "critical"))
        {
            var nodes = string.Join(" | ", violation.Nodes.Take(3).Select(n => n.Html.Length > 160 ? n.Html[..160] : n.Html));
            _failures.Add($"{where}: axe {violation.Impact} {violation.Id} ({violation.Help}) x{violation.Nodes.Length}: {nodes}");
        }
    }

    private void AssertNoFailures() =>
        Assert.True(_failures.Count == 0, "Screens with problems:\n" + string.Join("\n", _failures));

    private static async Task<string> FirstHrefAsync(ILocator links, Regex path)
    {
        foreach (var href in await links.EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href') ?? '')"))
        {
            if (path.IsMatch(href))
            {
                return href;
            }
        }

        throw new InvalidOperationException($"No link matching {path} on the page.");
    }

    [GeneratedRegex(@"^/Services/\d+")]
    private static partial Regex ServicePath();

    [GeneratedRegex(@"^/Providers/\d+$")]
    private static partial Regex ProviderPath();

    [GeneratedRegex(@"^/Bookings/\d+$")]
    private static partial Regex BookingPath();

    // The page's ground (the first opaque background of html or body; a browser's own is white) is dark.
    private const string DarkGroundScript = """
        () => {
          for (const el of [document.documentElement, document.body]) {
            const [r, g, b, a] = getComputedStyle(el).backgroundColor.match(/[\d.]+/g).map(Number);
            if (a === undefined || a > 0) return r + g + b < 200;
          }
          return false;
        }
        """;

    // The document's width past the viewport, and the outermost elements that stick out, so the message says where.
    private const string OverflowScript = """
        () => {
          const width = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= width) return [];
          const out = [];
          for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.right > width + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1)) {
              out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} to ${Math.round(r.right)}px`);
              if (out.length >= 5) break;
            }
          }
          return [`page is ${document.documentElement.scrollWidth}px wide`, ...out];
        }
        """;
}
