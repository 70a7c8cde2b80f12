using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace HomeSer.E2E;

/// <summary>
/// An htmx action shows that it is running (the row is busy, its buttons are disabled, so it cannot be sent twice) and
/// says so when it fails. The server is never reached: the browser's request is held, then answered 500, by the test.
/// </summary>
public sealed class HtmxFeedbackTests(AppServer app, Browser browser) : E2ETest(app, browser)
{
    [Fact]
    public async Task A_job_action_is_busy_while_it_runs_and_a_failure_is_told_in_a_toast()
    {
        await SignInAsync(Page, "provider@homeser.test");
        await Page.GotoAsync("/Provider");
        var row = Page.GetByTestId("job-row").Filter(new() { Has = Page.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = true }) }).First;
        // Confirming a pending job: a start is only offered on the job's day, and the demo's jobs are days ahead.
        var action = row.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = true });
        var rowId = await row.GetAttributeAsync("id");
        var held = new TaskCompletionSource();
        await Page.RouteAsync(url => url.Contains("handler=Confirm", StringComparison.Ordinal), async route =>
        {
            await held.Task;
            await route.FulfillAsync(new() { Status = 500, Body = "" });
        });

        await action.ClickAsync();

        var sameRow = Page.Locator($"#{rowId}");
        await Assertions.Expect(sameRow).ToHaveAttributeAsync("aria-busy", "true");
        await Assertions.Expect(action).ToBeDisabledAsync();
        held.SetResult();
        await Assertions.Expect(Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "That did not go through" }))
            .ToHaveTextAsync(new Regex(@"That did not go through \(error 500\)\. Please reload the page and try again\."));
        await Assertions.Expect(sameRow).Not.ToHaveAttributeAsync("aria-busy", "true");
        await Assertions.Expect(action).ToBeEnabledAsync();
    }
}
