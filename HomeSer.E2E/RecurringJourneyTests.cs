using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace HomeSer.E2E;

/// <summary>
/// A customer books the demo plumber every week for three visits from the booking form, sees the visits, opens the
/// second one and cancels it and the following one. Uses the last slot of the week three weeks ahead (a Saturday
/// evening), clear of the other journeys, which take the first slots of their weeks.
/// </summary>
public sealed partial class RecurringJourneyTests(AppServer app, Browser browser) : E2ETest(app, browser)
{
    [Fact]
    public async Task Customer_books_three_weekly_visits_and_cancels_the_second_and_the_following()
    {
        await SignInAsync(Page, "customer6@homeser.test");
        await Page.GotoAsync("/Search?q=Leak");
        var serviceUrl = await Page.GetByTestId("search-result").Filter(new() { HasText = "Pat's Plumbing" })
            .GetByRole(AriaRole.Link, new() { Name = "Leak repair" }).GetAttributeAsync("href")
            ?? throw new InvalidOperationException("The demo service has no link.");
        await Page.GotoAsync($"{serviceUrl}?week={DateTime.UtcNow.Date.AddDays(7 * 3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        await Page.GetByRole(AriaRole.Link, new() { NameRegex = BookSlot() }).Last.ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Book Leak repair" })).ToBeVisibleAsync();

        await Page.GetByLabel("Repeat every").SelectOptionAsync("1");
        await Page.GetByLabel("for how many visits").FillAsync("3");
        await ScreenshotAsync("book-repeat-1280");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Request booking" }).ClickAsync();

        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Leak repair, recurring" })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("3 visits requested");
        var visits = Page.Locator(".series-visits li");
        await Assertions.Expect(visits).ToHaveCountAsync(3);
        await Assertions.Expect(Page.GetByText("3 of 3 visits booked")).ToBeVisibleAsync();
        await ScreenshotAsync("series-1280");
        await Page.SetViewportSizeAsync(390, 844);
        await ScreenshotAsync("series-390");
        await Page.SetViewportSizeAsync(1280, 800);

        await visits.Nth(1).GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Recurring: visit 2 of 3" })).ToBeVisibleAsync();
        await Page.GetByText("Cancel this and following").ClickAsync();
        await ScreenshotAsync("booking-series-cancel-1280");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Yes, cancel 2 visits" }).ClickAsync();

        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("The visits were cancelled");
        await Assertions.Expect(Page.Locator("#booking-status")).ToHaveTextAsync(new Regex("Cancelled"));
        var badges = Page.Locator(".series-of-booking .series-visits li");
        await Assertions.Expect(badges.Nth(0)).ToContainTextAsync("Pending");
        await Assertions.Expect(badges.Nth(2)).ToContainTextAsync("Cancelled");
        await Page.SetViewportSizeAsync(390, 844);
        await ScreenshotAsync("booking-series-390");
    }

    [GeneratedRegex(@"^Book \w{3} \d{1,2} \w{3} at \d{2}:\d{2}$")]
    private static partial Regex BookSlot();
}
