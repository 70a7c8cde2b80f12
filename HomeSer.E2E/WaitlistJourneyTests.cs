using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace HomeSer.E2E;

/// <summary>
/// The waitlist on two browsers: the provider takes a day off five weeks ahead, a customer finds that day full and joins
/// its waitlist; the provider removes the time off, and the customer's waitlist shows the first start held with a
/// countdown; they claim it into a booking. Five weeks ahead stays clear of the other journeys' next-week bookings.
/// </summary>
public sealed class WaitlistJourneyTests(AppServer app, Browser browser) : E2ETest(app, browser)
{
    [Fact]
    public async Task A_customer_joins_a_full_day_and_claims_the_time_that_frees()
    {
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(35);
        while (day.DayOfWeek != DayOfWeek.Wednesday)
        {
            day = day.AddDays(1);
        }
        var iso = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // The provider is away all that day.
        var provider = await NewBrowserAsync();
        await SignInAsync(provider, "provider@homeser.test");
        await provider.GotoAsync("/Provider/TimeOff");
        await provider.GetByLabel("From").FillAsync($"{iso}T00:00");
        await provider.GetByLabel("Until").FillAsync($"{day.AddDays(1):yyyy-MM-dd}T00:00");
        await provider.GetByLabel("Reason (optional)").FillAsync("Waitlist journey");
        await provider.GetByRole(AriaRole.Button, new() { Name = "Add time off" }).ClickAsync();
        var delete = provider.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Delete time off from .*" + day.Day.ToString(CultureInfo.InvariantCulture)) });
        await Assertions.Expect(delete).ToHaveCountAsync(1);

        // The customer finds the day full and joins its waitlist.
        await SignInAsync(Page, "customer7@homeser.test");
        await Page.GotoAsync("/Search?location=Berlin&q=leak");
        var result = Page.GetByTestId("search-result").Filter(new() { HasText = "Pat's Plumbing" });
        await result.GetByRole(AriaRole.Link, new() { Name = "Leak repair" }).First.ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Leak repair", Level = 1 })).ToBeVisibleAsync();
        await Page.GotoAsync($"{new Uri(Page.Url).AbsolutePath}?week={iso}&day={iso}");
        await Assertions.Expect(Page.GetByText("No free time on this day")).ToBeVisibleAsync();
        await ScreenshotAsync("waitlist-full-day-1280");
        await Page.SetViewportSizeAsync(390, 844);
        await ScreenshotAsync("waitlist-full-day-390");
        await Page.SetViewportSizeAsync(1280, 800);
        await Page.GetByLabel("From (optional)").FillAsync("08:00");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Join the waitlist" }).ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("/Waitlist$"));
        await Assertions.Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "You are on the waitlist" })).ToBeVisibleAsync();
        var entry = Page.Locator(".waitlist-entry").Filter(new() { HasText = "Leak repair with Pat's Plumbing" });
        await Assertions.Expect(entry).ToContainTextAsync("waiting");

        // The provider comes back after all: the day's first start is held for the customer.
        await delete.ClickAsync();
        await Assertions.Expect(delete).ToHaveCountAsync(0);
        await Page.ReloadAsync();
        await Assertions.Expect(entry).ToContainTextAsync("offered");
        await Assertions.Expect(entry.GetByText("Held for you")).ToBeVisibleAsync();
        await Assertions.Expect(entry.Locator("time[data-hold-countdown]")).ToHaveTextAsync(new Regex(@"^1[45]:\d{2} min$"));
        await ScreenshotAsync("waitlist-offer-1280");
        await Page.SetViewportSizeAsync(390, 844);
        await ScreenshotAsync("waitlist-offer-390");
        await Page.SetViewportSizeAsync(1280, 800);

        // Claimed: an ordinary booking waiting for the provider's confirmation.
        await entry.GetByRole(AriaRole.Button, new() { Name = "Claim this time" }).ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex(@"/Bookings/\d+$"));
        await Assertions.Expect(Page.Locator("#booking-status")).ToHaveTextAsync(new Regex("Pending"));
        await Page.GotoAsync("/Waitlist");
        await Assertions.Expect(entry).ToContainTextAsync("claimed");
    }
}
