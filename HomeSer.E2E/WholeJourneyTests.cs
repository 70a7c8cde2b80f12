using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace HomeSer.E2E;

/// <summary>
/// The whole journey on two browsers: a customer searches, books next week, moves the booking through the calendar; the
/// provider confirms, starts and completes it; the customer reviews it and the review shows on the service page.
/// Books the last free slot of next week, clear of the booking journey's first one.
/// </summary>
public sealed partial class WholeJourneyTests(AppServer app, Browser browser) : E2ETest(app, browser)
{
    [Fact]
    public async Task Customer_searches_books_reschedules_provider_runs_the_job_and_the_review_shows_on_the_service_page()
    {
        // Search: what and where.
        await SignInAsync(Page, "customer3@homeser.test");
        await Page.GotoAsync("/Search");
        await Page.GetByLabel("What do you need?").FillAsync("Leak");
        await Page.GetByLabel("Where?").FillAsync("Berlin");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("location=Berlin"));
        var result = Page.GetByTestId("search-result").Filter(new() { HasText = "Pat's Plumbing" });
        await result.GetByRole(AriaRole.Link, new() { Name = "Leak repair" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Leak repair", Level = 1 })).ToBeVisibleAsync();
        var serviceUrl = new Uri(Page.Url).AbsolutePath;

        // Calendar: next week, its last free slot.
        await Page.GetByRole(AriaRole.Link, new() { Name = "Next week" }).ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex(@"[?&]week=\d{4}-\d{2}-\d{2}"));
        await Page.GetByRole(AriaRole.Link, new() { NameRegex = SlotLink("Book") }).Last.ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Book Leak repair" })).ToBeVisibleAsync();
        await Page.GetByLabel("Notes for the provider").FillAsync("Whole journey: the bathroom tap drips.");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Request booking" }).ClickAsync();
        var badge = Page.Locator("#booking-status");
        await Assertions.Expect(badge).ToHaveTextAsync(new Regex("Pending"));
        var bookingPath = new Uri(Page.Url).AbsolutePath;
        var bookingId = bookingPath["/Bookings/".Length..];

        // Reschedule through the calendar: another time next week.
        await Page.GetByRole(AriaRole.Link, new() { Name = "Reschedule" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Pick a new time" })).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Next week" }).ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex($"reschedule={bookingId}"));
        // The booking sits on next week's first free day; the move goes to the last day of that week with free time.
        await Page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@", \d+ free times?$") }).Last.ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex(@"[?&]day=\d{4}-\d{2}-\d{2}"));
        await ScreenshotAsync("reschedule-calendar-1280");
        await Page.GetByRole(AriaRole.Link, new() { NameRegex = SlotLink("Move to") }).Last.ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Move Leak repair" })).ToBeVisibleAsync();
        await ScreenshotAsync("reschedule-confirm-1280");
        await Page.SetViewportSizeAsync(390, 844);
        await ScreenshotAsync("reschedule-confirm-390");
        await Page.SetViewportSizeAsync(1280, 800);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Move to this time" }).ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex(Regex.Escape(bookingPath) + "$"));
        await Assertions.Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Moved to" })).ToBeVisibleAsync();
        await Assertions.Expect(badge).ToHaveTextAsync(new Regex("Pending"));
        await Assertions.Expect(Page.Locator("html")).ToHaveAttributeAsync("data-live", "connected");

        // The provider confirms from the dashboard; the customer's open page follows.
        var provider = await ProviderPageAsync();
        await provider.GotoAsync("/Provider");
        await provider.Locator($"#job-{bookingId}").GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Assertions.Expect(provider.Locator($"#job-{bookingId}")).ToContainTextAsync("Confirmed");
        await Assertions.Expect(badge).ToHaveTextAsync(new Regex("Confirmed"));

        // Before its day the job cannot be started; on its day, at its start, the provider starts and completes it.
        await provider.GotoAsync(bookingPath);
        await Assertions.Expect(provider.GetByRole(AriaRole.Button, new() { Name = "Start" })).ToHaveCountAsync(0);
        App.Clock.TravelTo(await App.StartOfAsync(int.Parse(bookingId, System.Globalization.CultureInfo.InvariantCulture)));
        try
        {
            await provider.GotoAsync(bookingPath);
            await provider.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
            await Assertions.Expect(provider.Locator("#booking-status")).ToHaveTextAsync(new Regex("In progress"));
            await provider.GetByRole(AriaRole.Button, new() { Name = "Complete" }).ClickAsync();
            await Assertions.Expect(provider.Locator("#booking-status")).ToHaveTextAsync(new Regex("Completed"));
        }
        finally
        {
            App.Clock.Return();
        }

        // The customer reviews it.
        await Page.GotoAsync(bookingPath);
        await Assertions.Expect(badge).ToHaveTextAsync(new Regex("Completed"));
        var comment = $"Fixed the drip in twenty minutes (booking {bookingId}).";
        await Page.GetByLabel("5 stars – Excellent").CheckAsync();
        await Page.GetByLabel("Comment").FillAsync(comment);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Send review" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Thank you for your review." })).ToBeVisibleAsync();

        // The review is among the latest on the service page.
        await Page.GotoAsync(serviceUrl);
        var reviews = Page.GetByRole(AriaRole.Region, new() { Name = "Latest reviews" });
        await Assertions.Expect(reviews.GetByText(comment)).ToBeVisibleAsync();
        await Assertions.Expect(reviews.Locator("li").Filter(new() { HasText = comment })).ToContainTextAsync("5 out of 5 stars");
    }

    [Fact]
    public async Task Use_my_location_searches_near_the_device_and_a_refusal_is_said_next_to_the_field()
    {
        var near = await NewBrowserAsync(new() { Geolocation = new() { Latitude = 52.52f, Longitude = 13.405f }, Permissions = ["geolocation"] });
        await near.GotoAsync("/Search?q=Leak&location=Hamburg");
        await near.GetByRole(AriaRole.Button, new() { Name = "Use my location" }).ClickAsync();
        await Assertions.Expect(near).ToHaveURLAsync(new Regex(@"lat=52\.52\d*&lng=13\.40\d*"));
        await Assertions.Expect(near.GetByLabel("Where?")).ToHaveValueAsync("");
        await Assertions.Expect(near.Locator("#geo-status")).ToHaveTextAsync("Searching near your location.");
        await Assertions.Expect(near.GetByTestId("search-result").Filter(new() { HasText = "Pat's Plumbing" }).First).ToBeVisibleAsync();

        // No permission granted: the browser refuses, and the page says so and keeps the typed place working.
        await Page.GotoAsync("/Search?q=Leak");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Use my location" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#geo-status")).ToHaveTextAsync("Location access was refused. Type a city instead.");
        await Assertions.Expect(Page.GetByLabel("Where?")).ToHaveAttributeAsync("aria-describedby", new Regex("geo-status"));
        await Page.SetViewportSizeAsync(390, 844);
        await ScreenshotAsync("search-location-refused-390");
    }

    /// <summary>The provider on a browser of their own (own cookies), signed in.</summary>
    private async Task<IPage> ProviderPageAsync()
    {
        var page = await NewBrowserAsync();
        await SignInAsync(page, "provider@homeser.test");
        return page;
    }

    private static Regex SlotLink(string verb) => new($@"^{verb} \w{{3}} \d{{1,2}} \w{{3}} at \d{{2}}:\d{{2}}$");
}
