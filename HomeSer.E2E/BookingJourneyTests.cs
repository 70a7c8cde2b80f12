using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace HomeSer.E2E;

/// <summary>The demo customer books the demo plumber: search, service page, next week, first slot, booking page.</summary>
public sealed partial class BookingJourneyTests(AppServer app, Browser browser) : E2ETest(app, browser)
{
    [Fact]
    public async Task Demo_customer_books_a_slot_next_week_and_sees_it_pending()
    {
        await SignInAsync(Page, "customer@homeser.test");
        await Assertions.Expect(Page.GetByRole(AriaRole.Link, new() { Name = "My bookings" })).ToBeVisibleAsync();

        await Page.GotoAsync("/Search?q=Leak");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Leak repair" }).First.ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Leak repair", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByText("Times in Berlin time")).ToBeVisibleAsync();
        await ScreenshotAsync("service-page-1280");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Next week" }).ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(WeekInUrl());
        await Assertions.Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Previous week" })).ToBeVisibleAsync();
        var nextWeekUrl = Page.Url;

        await Page.GetByRole(AriaRole.Link, new() { NameRegex = BookSlot() }).First.ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Book Leak repair" })).ToBeVisibleAsync();
        await Page.GetByLabel("Notes for the provider").FillAsync("The leak is under the kitchen sink.");
        await Assertions.Expect(Page.GetByLabel("Pay on completion")).ToBeCheckedAsync();
        await Assertions.Expect(Page.GetByLabel("Card number")).ToBeHiddenAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Request booking" }).ClickAsync();

        await Assertions.Expect(Page.Locator("#booking-status")).ToHaveTextAsync(new Regex("Pending"));
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Booking requested");
        await Assertions.Expect(Page.GetByText("The leak is under the kitchen sink.")).ToBeVisibleAsync();
        await ScreenshotAsync("booking-details-1280");

        await Page.SetViewportSizeAsync(390, 844);
        await ScreenshotAsync("booking-details-390");
        await Page.GetByRole(AriaRole.Link, new() { Name = "My bookings" }).First.ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Upcoming" })).ToBeVisibleAsync();
        await ScreenshotAsync("my-bookings-390");
        await Page.GotoAsync(nextWeekUrl);
        await Assertions.Expect(Page.GetByText("Times in Berlin time")).ToBeVisibleAsync();
        await ScreenshotAsync("service-page-390");
    }

    [GeneratedRegex(@"[?&]week=\d{4}-\d{2}-\d{2}")]
    private static partial Regex WeekInUrl();

    [GeneratedRegex(@"^Book \w{3} \d{1,2} \w{3} at \d{2}:\d{2}$")]
    private static partial Regex BookSlot();
}
