using System.Globalization;
using Microsoft.Playwright;

namespace HomeSer.E2E;

/// <summary>
/// Times are in the provider's zone and the page says so once; a browser set to another zone also sees each time in its
/// own zone, and a browser in the provider's zone sees nothing extra.
/// </summary>
public sealed class TimeZoneTests(AppServer app, Browser browser) : E2ETest(app, browser)
{
    private const string Search = "/Search?location=Berlin&q=leak";

    /// <summary>What viewer-time.js should write for this instant in <paramref name="zone"/>, beside the Berlin time.</summary>
    private static string Converted(string isoUtc, string zone)
    {
        var utc = DateTime.Parse(isoUtc, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        var theirs = TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        var ours = TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById(zone));
        var day = ours.Date == theirs.Date ? "" : ours.ToString("ddd d MMM, ", CultureInfo.InvariantCulture);
        return $"{day}{ours:HH:mm} your time";
    }

    [Fact]
    public async Task A_viewer_in_new_york_sees_each_berlin_time_in_their_own_time_too()
    {
        var page = await NewBrowserAsync(new() { TimezoneId = "America/New_York" });

        await page.GotoAsync(Search);

        var first = page.GetByTestId("search-result").First.Locator("time[data-viewer-time]").First;
        await Assertions.Expect(page.Locator(".search-count")).ToContainTextAsync("Times in Berlin time");
        var iso = await first.GetAttributeAsync("datetime");
        await Assertions.Expect(first.Locator("xpath=ancestor::a/following-sibling::span[@class='viewer-time']")).ToHaveTextAsync(Converted(iso!, "America/New_York"));
    }

    [Fact]
    public async Task A_viewer_in_berlin_sees_only_the_berlin_times()
    {
        var page = await NewBrowserAsync(new() { TimezoneId = "Europe/Berlin" });

        await page.GotoAsync(Search);

        await Assertions.Expect(page.GetByTestId("search-result").First.Locator("time[data-viewer-time]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("time[data-viewer-time][data-viewer-done]").First).ToBeAttachedAsync();
        await Assertions.Expect(page.Locator(".viewer-time")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_service_calendar_converts_its_times_also_after_choosing_another_day()
    {
        var page = await NewBrowserAsync(new() { TimezoneId = "Asia/Tokyo" });
        await page.GotoAsync(Search);
        await page.GetByTestId("search-result").First.GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(page.Locator(".calendar-zone")).ToContainTextAsync("Times in Berlin time");

        // Another day comes in through an htmx swap: its times are converted too.
        var chip = page.Locator(".day-chip:not([aria-current]):not(.day-full)").First;
        var day = await chip.GetAttributeAsync("aria-label");
        await chip.ClickAsync();
        await Assertions.Expect(page.Locator($".day-chip[aria-current][aria-label='{day}']")).ToBeVisibleAsync();
        var slot = page.Locator(".calendar-slots time[data-viewer-time][data-viewer-done]").First;
        var iso = await slot.GetAttributeAsync("datetime");

        await Assertions.Expect(slot.Locator("xpath=ancestor::a/following-sibling::span[@class='viewer-time']")).ToHaveTextAsync(Converted(iso!, "Asia/Tokyo"));
    }
}
