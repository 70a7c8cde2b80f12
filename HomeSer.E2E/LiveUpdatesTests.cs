using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace HomeSer.E2E;

/// <summary>
/// Two people on two browsers: what one does reaches the other's open page through /hubs/live, without a reload.
/// Each journey books a week of its own (2 to 7 weeks ahead), clear of the booking journey's "next week".
/// </summary>
public sealed partial class LiveUpdatesTests(AppServer app, Browser browser) : E2ETest(app, browser)
{
    // Pushes arrive in milliseconds on a quiet machine; the bound only has to survive a CI machine shared with the other
    // test assembly. "Live" is proven by the page not being reloaded (see MarkPageAsync), not by a stopwatch.
    private static readonly LocatorAssertionsToHaveTextOptions Pushed = new() { Timeout = 10_000 };
    private static readonly LocatorAssertionsToHaveCountOptions PushedCount = new() { Timeout = 10_000 };

    [Fact]
    public async Task Customer_sees_the_provider_confirm_their_booking_without_reloading()
    {
        var scriptProblems = new List<string>();
        Page.PageError += (_, error) => scriptProblems.Add(error);
        Page.Console += (_, message) =>
        {
            // The app has no favicon yet; that 404 is not a live-update problem.
            if (message.Type is "error" or "warning" && !message.Location.Contains("/favicon.ico", StringComparison.Ordinal))
            {
                scriptProblems.Add($"{message.Text} ({message.Location})");
            }
        };
        var serviceUrl = await DemoLeakRepairUrlAsync(Page, "customer@homeser.test");
        await Page.GotoAsync(WeekUrl(serviceUrl, weeksAhead: 2));
        await Page.GetByRole(AriaRole.Link, new() { NameRegex = BookSlot() }).First.ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Request booking" }).ClickAsync();
        var badge = Page.Locator("#booking-status");
        await Assertions.Expect(badge).ToHaveTextAsync(new Regex("Pending"));
        await ExpectLiveAsync(Page);
        await MarkPageAsync(Page);
        var bookingUrl = Page.Url;

        var provider = await OtherBrowserAsync("provider@homeser.test");
        await provider.GotoAsync(bookingUrl);
        await provider.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(provider.Locator("#booking-status")).ToHaveTextAsync(new Regex("Confirmed"));

        await Assertions.Expect(badge).ToHaveTextAsync(new Regex("Confirmed"), Pushed);
        await Assertions.Expect(badge).ToHaveClassAsync(new Regex(@"\bstatus-confirmed\b"));
        await Assertions.Expect(Page.Locator(".live-toast")).ToHaveTextAsync("Booking confirmed", Pushed);
        await Assertions.Expect(Page.Locator("#unread-count")).ToBeVisibleAsync();
        await ExpectSamePageAsync(Page);
        Assert.Equal(bookingUrl, Page.Url);
        Assert.True(scriptProblems.Count == 0, string.Join("\n", scriptProblems));
        await ScreenshotAsync("live-booking-confirmed-1280");
        await Page.SetViewportSizeAsync(390, 844);
        await ScreenshotAsync("live-booking-confirmed-390");
    }

    [Fact]
    public async Task A_live_change_keeps_what_the_customer_is_typing_and_says_what_changed()
    {
        var serviceUrl = await DemoLeakRepairUrlAsync(Page, "customer1@homeser.test");
        await Page.GotoAsync(WeekUrl(serviceUrl, weeksAhead: 5));
        await Page.GetByRole(AriaRole.Link, new() { NameRegex = BookSlot() }).First.ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Request booking" }).ClickAsync();
        await ExpectLiveAsync(Page);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Cancel booking" }).ClickAsync();
        var reason = Page.GetByLabel("Reason (optional)");
        await reason.FillAsync("Found someone closer");

        var provider = await OtherBrowserAsync("provider@homeser.test");
        await provider.GotoAsync(Page.Url);
        await provider.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();

        await Assertions.Expect(Page.Locator("#booking-status")).ToHaveTextAsync(new Regex("Confirmed"), Pushed);
        await Assertions.Expect(Page.Locator(".live-toast").Filter(new() { HasText = "Reload" }))
            .ToHaveTextAsync("This booking is now Confirmed. Reload to see what you can do next.", Pushed);
        await Assertions.Expect(reason).ToHaveValueAsync("Found someone closer");
    }

    [Fact]
    public async Task A_change_made_while_the_connection_was_down_shows_once_it_is_back()
    {
        var sockets = new List<IWebSocketRoute>();
        await Page.RouteWebSocketAsync(new Regex("/hubs/live"), socket =>
        {
            sockets.Add(socket);
            socket.ConnectToServer();
        });
        var serviceUrl = await DemoLeakRepairUrlAsync(Page, "customer1@homeser.test");
        await Page.GotoAsync(WeekUrl(serviceUrl, weeksAhead: 4));
        await Page.GetByRole(AriaRole.Link, new() { NameRegex = BookSlot() }).First.ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Request booking" }).ClickAsync();
        var badge = Page.Locator("#booking-status");
        await Assertions.Expect(badge).ToHaveTextAsync(new Regex("Pending"));
        await ExpectLiveAsync(Page);

        var unreadBefore = int.Parse(await Page.Locator("#unread-count").GetAttributeAsync("data-count") ?? "0", CultureInfo.InvariantCulture);

        // The connection drops and every reconnect attempt fails until the route is lifted.
        await Page.RouteAsync("**/hubs/live/negotiate**", route => route.AbortAsync());
        await sockets[^1].CloseAsync();
        await Assertions.Expect(Page.GetByText("Reconnecting…")).ToBeVisibleAsync();
        var provider = await OtherBrowserAsync("provider@homeser.test");
        await provider.GotoAsync(Page.Url);
        await provider.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(provider.Locator("#booking-status")).ToHaveTextAsync(new Regex("Confirmed"));
        await Assertions.Expect(badge).ToHaveTextAsync(new Regex("Pending"));
        await Page.UnrouteAsync("**/hubs/live/negotiate**");

        // SignalR retries after 0, 2, 10 and 30 s; the catch-up then re-reads the booking and the unread count.
        var afterRetry = new LocatorAssertionsToHaveTextOptions { Timeout = 35_000 };
        await Assertions.Expect(badge).ToHaveTextAsync(new Regex("Confirmed"), afterRetry);
        await Assertions.Expect(Page.GetByText("Reconnecting…")).ToBeHiddenAsync();
        await Assertions.Expect(Page.Locator("#unread-count")).ToHaveAttributeAsync("data-count", (unreadBefore + 1).ToString(CultureInfo.InvariantCulture));
        await ScreenshotAsync("live-caught-up-after-reconnect-1280");
    }

    [Fact]
    public async Task A_slot_another_customer_books_disappears_from_an_open_calendar()
    {
        var serviceUrl = await DemoLeakRepairUrlAsync(Page, "customer2@homeser.test");
        var weekUrl = WeekUrl(serviceUrl, weeksAhead: 3);
        await Page.GotoAsync(weekUrl);
        var firstSlot = Page.GetByRole(AriaRole.Link, new() { NameRegex = BookSlot() }).First;
        var slotName = await firstSlot.GetAttributeAsync("aria-label") ?? throw new InvalidOperationException("A slot link without a name.");
        var slot = Page.GetByRole(AriaRole.Link, new() { Name = slotName, Exact = true });
        await Assertions.Expect(slot).ToHaveCountAsync(1);
        await ExpectLiveAsync(Page);
        await MarkPageAsync(Page);

        var other = await OtherBrowserAsync("customer1@homeser.test");
        await other.GotoAsync(weekUrl);
        await other.GetByRole(AriaRole.Link, new() { Name = slotName, Exact = true }).ClickAsync();
        await other.GetByRole(AriaRole.Button, new() { Name = "Request booking" }).ClickAsync();
        await Assertions.Expect(other.Locator("#booking-status")).ToHaveTextAsync(new Regex("Pending"));

        await Assertions.Expect(slot).ToHaveCountAsync(0, PushedCount);
        await ExpectSamePageAsync(Page);
        Assert.Equal(new Uri(App.BaseAddress, weekUrl).ToString(), Page.Url);
        await ScreenshotAsync("live-slot-taken-1280");
    }

    [Fact]
    public async Task A_week_restored_by_the_back_button_stays_live_on_the_same_connection()
    {
        var serviceUrl = await DemoLeakRepairUrlAsync(Page, "customer1@homeser.test");
        var weekUrl = WeekUrl(serviceUrl, weeksAhead: 6);
        await Page.GotoAsync(weekUrl);
        await ExpectLiveAsync(Page);
        var newSockets = 0;
        Page.WebSocket += (_, socket) => newSockets += socket.Url.Contains("/hubs/live", StringComparison.Ordinal) ? 1 : 0;
        var slotName = await Page.GetByRole(AriaRole.Link, new() { NameRegex = BookSlot() }).First.GetAttributeAsync("aria-label")
            ?? throw new InvalidOperationException("A slot link without a name.");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Next week" }).ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex(Regex.Escape(WeekUrl(serviceUrl, weeksAhead: 7)) + "$"));
        await Page.GoBackAsync();
        var slot = Page.GetByRole(AriaRole.Link, new() { Name = slotName, Exact = true });
        await Assertions.Expect(slot).ToHaveCountAsync(1);

        var other = await OtherBrowserAsync("customer2@homeser.test");
        await other.GotoAsync(weekUrl);
        await other.GetByRole(AriaRole.Link, new() { Name = slotName, Exact = true }).ClickAsync();
        await other.GetByRole(AriaRole.Button, new() { Name = "Request booking" }).ClickAsync();
        await Assertions.Expect(other.Locator("#booking-status")).ToHaveTextAsync(new Regex("Pending"));

        await Assertions.Expect(slot).ToHaveCountAsync(0, PushedCount);
        Assert.Equal(0, newSockets);
    }

    /// <summary>Marks the loaded document, so a reload (which would also show the change) is told apart from a live redraw.</summary>
    private static Task MarkPageAsync(IPage page) => page.EvaluateAsync("() => { window.e2eUnreloaded = true; }");

    private static async Task ExpectSamePageAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => window.e2eUnreloaded === true"), "the page was reloaded instead of updated live");

    /// <summary>Signs in on <paramref name="page"/> and finds the demo provider's "Leak repair" through search.</summary>
    private async Task<string> DemoLeakRepairUrlAsync(IPage page, string email)
    {
        await SignInAsync(page, email);
        await page.GotoAsync("/Search?q=Leak");
        var link = page.GetByTestId("search-result").Filter(new() { HasText = "Pat's Plumbing" })
            .GetByRole(AriaRole.Link, new() { Name = "Leak repair" });
        return await link.GetAttributeAsync("href") ?? throw new InvalidOperationException("The demo service has no link.");
    }

    /// <summary>live.js marks the page once it has joined every channel on it; only then can it miss nothing.</summary>
    private static Task ExpectLiveAsync(IPage page) =>
        Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-live", "connected");

    /// <summary>A second person: a browser context of their own (own cookies), signed in.</summary>
    private async Task<IPage> OtherBrowserAsync(string email)
    {
        var page = await NewBrowserAsync();
        await SignInAsync(page, email);
        return page;
    }

    private static string WeekUrl(string serviceUrl, int weeksAhead) =>
        $"{serviceUrl}?week={DateTime.UtcNow.Date.AddDays(7 * weeksAhead).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    [GeneratedRegex(@"^Book \w{3} \d{1,2} \w{3} at \d{2}:\d{2}$")]
    private static partial Regex BookSlot();
}
