using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace HomeSer.E2E;

/// <summary>
/// Paying by card on the booking form in real Chromium, under the strict CSP: the test gateway's card fields turn the
/// card into a token in the browser, and only the token is posted to HomeSer. Books the last slot of the demo plumber's
/// day seven weeks ahead (the booking window is 60 days), clear of the other journeys; the refused cards book nothing.
/// </summary>
public sealed partial class CheckoutTests(AppServer app, Browser browser) : E2ETest(app, browser)
{
    private async Task OpenBookingFormAsync(string email, bool lastSlot = false)
    {
        await SignInAsync(Page, email);
        await Page.GotoAsync("/Search?q=Leak");
        var serviceUrl = await Page.GetByTestId("search-result").Filter(new() { HasText = "Pat's Plumbing" })
            .GetByRole(AriaRole.Link, new() { Name = "Leak repair" }).GetAttributeAsync("href")
            ?? throw new InvalidOperationException("The demo service has no link.");
        var week = DateTime.UtcNow.Date.AddDays(7 * 7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Page.GotoAsync($"{serviceUrl}?week={week}");
        var slots = Page.GetByRole(AriaRole.Link, new() { NameRegex = BookSlot() });
        await (lastSlot ? slots.Last : slots.First).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Book Leak repair" })).ToBeVisibleAsync();
    }

    private async Task FillCardAsync(string number)
    {
        await Page.GetByLabel("Card", new() { Exact = true }).CheckAsync();
        await Page.GetByLabel("Card number").FillAsync(number);
        await Page.GetByLabel("Expiry (MM / YY)").FillAsync("12 / " + (DateTime.UtcNow.Year % 100 + 3));
        await Page.GetByLabel("CVC", new() { Exact = true }).FillAsync("123");
    }

    [Fact]
    public async Task Customer_pays_by_card_and_only_the_gateways_token_reaches_the_booking_form()
    {
        var watch = new PageWatch(Page);
        await OpenBookingFormAsync("customer8@homeser.test", lastSlot: true);
        await Assertions.Expect(Page.GetByLabel("Card number")).ToBeHiddenAsync();
        await FillCardAsync("4242 4242 4242 4242");
        await Assertions.Expect(Page.GetByText("only charged when the job is done")).ToBeVisibleAsync();
        await ScreenshotAsync("checkout-card-1280");

        var posted = await Page.RunAndWaitForRequestAsync(
            () => Page.GetByRole(AriaRole.Button, new() { Name = "Request booking" }).ClickAsync(),
            request => request.Method == "POST" && request.Url.Contains("/Bookings/New", StringComparison.Ordinal));

        await Assertions.Expect(Page.Locator("#booking-status")).ToHaveTextAsync(new Regex("Pending"));
        await Assertions.Expect(Page.GetByText("Card · reserved now, charged when the job is done")).ToBeVisibleAsync();
        Assert.Matches("Input.PaymentToken=tok_card_[0-9a-f]{32}", posted.PostData ?? "");
        Assert.DoesNotContain("4242", posted.PostData ?? "");
        Assert.Empty(watch.Take());
    }

    [Fact]
    public async Task A_declined_card_is_told_under_the_card_number_and_nothing_is_booked()
    {
        await OpenBookingFormAsync("customer9@homeser.test");
        await FillCardAsync("4000 0000 0000 0002");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Request booking" }).ClickAsync();

        await Assertions.Expect(Page.Locator("#card-number-error")).ToHaveTextAsync("Your card was declined. No booking was made; try another card or pay on completion.");
        await Assertions.Expect(Page.GetByRole(AriaRole.Alert).GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Your card was declined") })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByLabel("Card number")).ToBeVisibleAsync();
        await ScreenshotAsync("checkout-declined-1280");
        await Page.SetViewportSizeAsync(390, 844);
        await ScreenshotAsync("checkout-declined-390");
    }

    [Fact]
    public async Task A_mistyped_card_number_is_told_by_the_gateway_before_anything_is_sent()
    {
        await OpenBookingFormAsync("customer10@homeser.test");
        await FillCardAsync("4242 4242 4242 4241");
        var formUrl = Page.Url;

        await Page.GetByRole(AriaRole.Button, new() { Name = "Request booking" }).ClickAsync();

        await Assertions.Expect(Page.Locator("#card-number-error")).ToHaveTextAsync("The card number is not valid; check the digits.");
        await Assertions.Expect(Page.GetByLabel("Card number")).ToBeFocusedAsync();
        Assert.Equal(formUrl, Page.Url);
    }

    [GeneratedRegex(@"^Book \w{3} \d{1,2} \w{3} at \d{2}:\d{2}$")]
    private static partial Regex BookSlot();
}
