using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace HomeSer.E2E;

/// <summary>
/// Two customers on two browsers ask for the same slot: the first gets it, the second is told it was just taken and
/// offered the nearest free times. Uses the demo plumber's week eight weeks ahead, clear of the other journeys.
/// </summary>
public sealed partial class ConflictTests(AppServer app, Browser browser) : E2ETest(app, browser)
{
    [Fact]
    public async Task Second_customer_submitting_the_same_slot_is_told_it_was_just_taken_and_offered_other_times()
    {
        await SignInAsync(Page, "customer5@homeser.test");
        await Page.GotoAsync("/Search?q=Leak");
        var serviceUrl = await Page.GetByTestId("search-result").Filter(new() { HasText = "Pat's Plumbing" })
            .GetByRole(AriaRole.Link, new() { Name = "Leak repair" }).GetAttributeAsync("href")
            ?? throw new InvalidOperationException("The demo service has no link.");
        var week = DateTime.UtcNow.Date.AddDays(7 * 8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Page.GotoAsync($"{serviceUrl}?week={week}");
        var slot = Page.GetByRole(AriaRole.Link, new() { NameRegex = BookSlot() }).Nth(2);
        var formUrl = await slot.GetAttributeAsync("href") ?? throw new InvalidOperationException("A slot without a link.");

        // Both open the form for the same slot; customer4 sends first.
        await Page.GotoAsync(formUrl);
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Book Leak repair" })).ToBeVisibleAsync();
        var first = await OtherCustomerAsync("customer4@homeser.test");
        await first.GotoAsync(formUrl);
        await first.GetByRole(AriaRole.Button, new() { Name = "Request booking" }).ClickAsync();
        await Assertions.Expect(first.Locator("#booking-status")).ToHaveTextAsync(new Regex("Pending"));

        await Page.GetByRole(AriaRole.Button, new() { Name = "Request booking" }).ClickAsync();

        var conflict = Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "That time was just taken" });
        await Assertions.Expect(conflict).ToBeVisibleAsync();
        var alternatives = conflict.GetByRole(AriaRole.Link);
        await Assertions.Expect(alternatives).ToHaveCountAsync(6);
        await Assertions.Expect(alternatives.First).ToHaveAttributeAsync("href", new Regex(@"^/Bookings/New\?service=\d+&start="));
        await ScreenshotAsync("booking-conflict-1280");
        await Page.SetViewportSizeAsync(390, 844);
        await ScreenshotAsync("booking-conflict-390");

        await alternatives.First.ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Book Leak repair" })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
    }

    private async Task<IPage> OtherCustomerAsync(string email)
    {
        var page = await NewBrowserAsync();
        await SignInAsync(page, email);
        return page;
    }

    [GeneratedRegex(@"^Book \w{3} \d{1,2} \w{3} at \d{2}:\d{2}$")]
    private static partial Regex BookSlot();
}
