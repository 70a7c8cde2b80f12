using Microsoft.Playwright;

namespace HomeSer.E2E;

/// <summary>The back office: an admin verifies a provider who just signed up; the provider's and admin's screens at desktop and phone widths.</summary>
public sealed class BackofficeTests(AppServer app, Browser browser) : E2ETest(app, browser)
{
    [Fact]
    public async Task Admin_verifies_a_provider_who_just_signed_up()
    {
        var name = $"Pat Plumber {Guid.NewGuid().ToString("N")[..6]}";
        // The provider signs up in a browser of their own, so the admin's cookies never mix with theirs.
        var provider = await NewBrowserAsync();
        await provider.GotoAsync("/Account/Register");
        await provider.GetByLabel("Display name").FillAsync(name);
        var email = $"pat+{Guid.NewGuid():N}@example.test";
        await provider.GetByLabel("Email").FillAsync(email);
        await provider.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await provider.GetByLabel("Confirm password").FillAsync(Password);
        await provider.GetByLabel("Provider").CheckAsync();
        await provider.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        // Sign-up answers the same for a new and a taken address, so it does not sign in: the provider signs in next.
        await Assertions.Expect(provider.GetByRole(AriaRole.Status)).ToContainTextAsync("We sent a mail to that address");
        await SignInAsync(provider, email);
        await Assertions.Expect(provider.GetByRole(AriaRole.Banner)).ToContainTextAsync(name);

        await SignInAsync(Page, "admin@homeser.test");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Back office" }).ClickAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Open the verification queue" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Verification queue" })).ToBeVisibleAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = $"Verify {name}" }).ClickAsync();

        await Assertions.Expect(Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "is verified" }))
            .ToHaveTextAsync($"{name} is verified and was notified.");
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = $"Verify {name}" })).ToHaveCountAsync(0);

        // The provider reads the news; "Mark as read" swaps the item in place (htmx), so no flash from a reload appears.
        await provider.GetByRole(AriaRole.Link, new() { Name = "Notifications" }).ClickAsync();
        var item = provider.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Your profile is verified" });
        await Assertions.Expect(item).ToHaveClassAsync("unread");
        await item.GetByRole(AriaRole.Button, new() { Name = "Mark “Your profile is verified” as read" }).ClickAsync();
        await Assertions.Expect(item.GetByRole(AriaRole.Status)).ToHaveTextAsync("Read");
        await Assertions.Expect(item).Not.ToHaveClassAsync("unread");
        await Assertions.Expect(provider.GetByText("Marked as read.")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_provider_copies_a_days_hours_to_the_days_they_tick_with_the_keyboard_alone()
    {
        await SignInAsync(Page, "provider@homeser.test");
        await Page.GotoAsync("/Provider/Schedule");
        var monday = Page.Locator("#day-monday");
        var sunday = monday.GetByRole(AriaRole.Checkbox, new() { Name = "Sunday" });
        await Assertions.Expect(sunday).Not.ToBeVisibleAsync();

        await monday.Locator("summary").FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(sunday).ToBeVisibleAsync();
        // Tuesday to Sunday: one tick box each, in week order.
        for (var i = 0; i < 6; i++)
        {
            await Page.Keyboard.PressAsync("Tab");
        }
        await Assertions.Expect(sunday).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("Space");
        await Assertions.Expect(sunday).ToBeCheckedAsync();
        await Page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(monday.GetByRole(AriaRole.Button, new() { Name = "Copy to the days ticked (Monday's hours)" })).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(Page.GetByText("Monday's hours copied to Sunday. Nothing is saved until you save the schedule.")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#works-sunday")).ToBeCheckedAsync();
        await Assertions.Expect(Page.Locator("#Input_Days_6__Ranges_0__Start")).ToHaveValueAsync(await Page.Locator("#Input_Days_0__Ranges_0__Start").InputValueAsync());
        await Assertions.Expect(Page.Locator("#works-saturday")).ToBeCheckedAsync();
        // Focus comes back to the button pressed, so the keyboard user carries on where they were.
        await Assertions.Expect(Page.Locator("#copy-0")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Provider_dashboard_at_desktop_and_phone_widths()
    {
        await SignInAsync(Page, "provider@homeser.test");
        await Page.GetByRole(AriaRole.Link, new() { Name = "My jobs" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "My jobs", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByText("Times are in your time zone")).ToBeVisibleAsync();
        await ScreenshotAsync("backoffice-provider-dashboard-1280");

        await Page.SetViewportSizeAsync(390, 844);
        await Page.ReloadAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "My jobs", Level = 1 })).ToBeVisibleAsync();
        await ScreenshotAsync("backoffice-provider-dashboard-390");
    }

    [Fact]
    public async Task Admin_back_office_at_desktop_and_phone_widths()
    {
        await SignInAsync(Page, "admin@homeser.test");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Back office" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Back office", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Open the jobs dashboard" })).ToHaveAttributeAsync("href", "/admin/jobs");
        await ScreenshotAsync("backoffice-admin-1280");

        await Page.GetByRole(AriaRole.Link, new() { Name = "Browse all bookings" }).ClickAsync();
        await Page.GetByLabel("Status").SelectOptionAsync("confirmed");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("status=confirmed"));
        await ScreenshotAsync("backoffice-admin-bookings-1280");

        await Page.SetViewportSizeAsync(390, 844);
        await Page.GotoAsync("/Admin");
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Back office", Level = 1 })).ToBeVisibleAsync();
        await ScreenshotAsync("backoffice-admin-390");
        await Page.GotoAsync("/Admin/Bookings?status=confirmed");
        await ScreenshotAsync("backoffice-admin-bookings-390");
    }
}
