using Microsoft.Playwright;

namespace HomeSer.E2E;

/// <summary>A newcomer's first minute: sign up from the home page, sign in, sign out, sign back in.</summary>
public sealed class SignUpJourneyTests(AppServer app, Browser browser) : E2ETest(app, browser)
{
    [Fact]
    public async Task A_new_customer_signs_up_signs_in_signs_out_and_signs_back_in()
    {
        const string displayName = "Dana Example";
        const string password = "Passw0rd!";
        var email = $"dana+{Guid.NewGuid():N}@example.test";
        var banner = Page.GetByRole(AriaRole.Banner);

        await Page.GotoAsync("/");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Sign up" }).ClickAsync();
        await Page.GetByLabel("Display name").FillAsync(displayName);
        await Page.GetByLabel("Email").FillAsync(email);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await Page.GetByLabel("Confirm password").FillAsync(password);
        await Page.GetByLabel("Customer").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        // Sign-up answers the same for a new and a taken address (no account oracle), so the newcomer signs in next.
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToContainTextAsync("We sent a mail to that address");
        await Page.GetByLabel("Email").FillAsync(email);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(banner).ToContainTextAsync(displayName);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(banner).Not.ToContainTextAsync(displayName);

        await Page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await Page.GetByLabel("Email").FillAsync(email);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(banner).ToContainTextAsync(displayName);
        await ScreenshotAsync("signed-in");
    }
}
