using System.Net;
using System.Text.RegularExpressions;
using HomeSer.Tests.Bookings;
using HomeSer.Tests.Support;

namespace HomeSer.Tests.Pages;

/// <summary>Rescheduling through the calendar. The factory's clock is Monday 7 Jan 2030, 09:00 in Berlin.</summary>
public sealed partial class ReschedulePagesTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    // Tuesday 8 Jan 2030, 10:00 and Wednesday 9 Jan 2030, 10:00 in Berlin.
    private const string TuesdayTen = "2030-01-08T09:00:00Z";
    private const string WednesdayTen = "2030-01-09T09:00:00Z";

    private static async Task<string> BookAsync(HttpClient client, TestData.ProviderSetup provider, string startUtc)
    {
        var response = await FormPost.SubmitAsync(client, $"/Bookings/New?service={provider.Service.Id}&start={Uri.EscapeDataString(startUtc)}",
            new Dictionary<string, string>
            {
                ["Input.Service"] = provider.Service.Id.ToString(),
                ["Input.StartTime"] = startUtc,
                ["Input.Duration"] = "60",
                ["Input.PaymentMethod"] = "on_completion",
                ["Input.IdempotencyKey"] = Guid.NewGuid().ToString("N"),
            });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    private static string MoveUrl(string bookingUrl, string startUtc) => $"{bookingUrl}/Reschedule?start={Uri.EscapeDataString(startUtc)}";

    private static async Task<(HttpResponseMessage Response, string Html)> MoveAsync(HttpClient client, string bookingUrl, string startUtc, string? version = null)
    {
        var confirmPage = await client.GetStringAsync(MoveUrl(bookingUrl, startUtc));
        version ??= VersionField().Match(confirmPage).Groups[1].Value;
        var response = await FormPost.SubmitAsync(client, MoveUrl(bookingUrl, startUtc),
            new Dictionary<string, string> { ["Start"] = startUtc, ["Version"] = version }, $"{bookingUrl}/Reschedule");
        return (response, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    private async Task ConfirmAsync(TestData.ProviderSetup provider, string bookingUrl)
    {
        var providerClient = await factory.SignedInAsync(provider.User.Email!);
        var confirmed = await FormPost.SubmitAsync(providerClient, bookingUrl, new Dictionary<string, string>(), $"{bookingUrl}?handler=Confirm");
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
    }

    [Fact]
    public async Task Booking_page_links_to_the_calendar_in_reschedule_mode_whose_slots_move_the_booking()
    {
        var provider = await factory.CreateProviderAsync();
        var (customer, _) = await factory.NewCustomerClientAsync();
        var bookingUrl = await BookAsync(customer, provider, TuesdayTen);
        var id = bookingUrl["/Bookings/".Length..];

        var bookingHtml = WebUtility.HtmlDecode(await customer.GetStringAsync(bookingUrl));
        var calendarHtml = WebUtility.HtmlDecode(await customer.GetStringAsync($"/Services/{provider.Service.Id}?reschedule={id}&day=2030-01-09"));

        Assert.Contains($"href=\"/Services/{provider.Service.Id}?reschedule={id}\"", bookingHtml);
        Assert.Contains("Pick a new time", calendarHtml);
        Assert.Contains($"Moving booking #{id}, now Tue 8 Jan 2030, 10:00 (Europe/Berlin).", calendarHtml);
        Assert.Contains($"href=\"/Bookings/{id}/Reschedule?start=2030-01-09T07%3A00%3A00Z\"", calendarHtml);
        Assert.Contains("aria-label=\"Move to Wed 9 Jan at 08:00\"", calendarHtml);
        Assert.Contains($"&reschedule={id}\"", calendarHtml);
        Assert.DoesNotContain("/Bookings/New?", calendarHtml);
    }

    [Fact]
    public async Task A_booking_being_moved_does_not_block_the_times_next_to_itself()
    {
        var provider = await factory.CreateProviderAsync();
        var (customer, _) = await factory.NewCustomerClientAsync();
        var (other, _) = await factory.NewCustomerClientAsync();
        var bookingUrl = await BookAsync(customer, provider, TuesdayTen);
        var id = bookingUrl["/Bookings/".Length..];

        var moving = WebUtility.HtmlDecode(await customer.GetStringAsync($"/Services/{provider.Service.Id}?reschedule={id}&day=2030-01-08"));
        var othersView = WebUtility.HtmlDecode(await other.GetStringAsync($"/Services/{provider.Service.Id}?day=2030-01-08"));

        // 10:15 overlaps the booking's own 10:00-11:00: free for the booking itself, taken for everyone else.
        Assert.Contains("aria-label=\"Move to Tue 8 Jan at 10:15\"", moving);
        Assert.Contains("aria-label=\"Book Tue 8 Jan at 08:00\"", othersView);
        Assert.DoesNotContain("Tue 8 Jan at 10:15", othersView);
    }

    [Fact]
    public async Task Someone_elses_booking_does_not_put_the_calendar_in_reschedule_mode()
    {
        var provider = await factory.CreateProviderAsync();
        var (owner, _) = await factory.NewCustomerClientAsync();
        var (other, _) = await factory.NewCustomerClientAsync();
        var bookingUrl = await BookAsync(owner, provider, TuesdayTen);
        var id = bookingUrl["/Bookings/".Length..];

        var calendarHtml = WebUtility.HtmlDecode(await other.GetStringAsync($"/Services/{provider.Service.Id}?reschedule={id}"));
        var confirmPage = await other.GetAsync(MoveUrl(bookingUrl, WednesdayTen));

        Assert.DoesNotContain("Pick a new time", calendarHtml);
        Assert.Contains("/Bookings/New?", calendarHtml);
        Assert.Equal(HttpStatusCode.NotFound, confirmPage.StatusCode);
    }

    [Fact]
    public async Task Moving_a_confirmed_booking_makes_it_rescheduled_and_says_the_provider_will_confirm()
    {
        var provider = await factory.CreateProviderAsync();
        var (customer, _) = await factory.NewCustomerClientAsync();
        var bookingUrl = await BookAsync(customer, provider, TuesdayTen);
        await ConfirmAsync(provider, bookingUrl);

        var confirmPage = WebUtility.HtmlDecode(await customer.GetStringAsync(MoveUrl(bookingUrl, WednesdayTen)));
        var (moved, _) = await MoveAsync(customer, bookingUrl, WednesdayTen);
        var html = WebUtility.HtmlDecode(await customer.GetStringAsync(bookingUrl));

        Assert.Contains("Wed 9 Jan 2030, 10:00 (Europe/Berlin)", confirmPage);
        Assert.Contains("Move to this time", confirmPage);
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal(bookingUrl, moved.Headers.Location!.OriginalString);
        Assert.Contains("Moved to Wed 9 Jan 2030, 10:00 (Europe/Berlin); the provider will confirm the new time.", html);
        Assert.Contains("data-status=\"rescheduled\"", html);
    }

    [Fact]
    public async Task Moving_to_a_taken_time_says_just_taken_and_offers_the_nearest_free_times()
    {
        var provider = await factory.CreateProviderAsync();
        var (customer, _) = await factory.NewCustomerClientAsync();
        var (other, _) = await factory.NewCustomerClientAsync();
        var bookingUrl = await BookAsync(customer, provider, TuesdayTen);
        var confirmPage = await customer.GetStringAsync(MoveUrl(bookingUrl, WednesdayTen));
        var version = VersionField().Match(confirmPage).Groups[1].Value;
        await BookAsync(other, provider, WednesdayTen);

        var (response, html) = await MoveAsync(customer, bookingUrl, WednesdayTen, version);
        var offered = AlternativeStarts().Matches(html).Select(m => Uri.UnescapeDataString(m.Groups[1].Value)).ToList();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("That time was just taken", html);
        Assert.Equal(["2030-01-09T07:30:00Z", "2030-01-09T07:45:00Z", "2030-01-09T08:00:00Z",
            "2030-01-09T10:00:00Z", "2030-01-09T10:15:00Z", "2030-01-09T10:30:00Z"], offered);
        Assert.DoesNotContain("Move to this time", html);
    }

    [Fact]
    public async Task A_booking_changed_meanwhile_is_not_moved_and_the_customer_is_asked_to_reload()
    {
        var provider = await factory.CreateProviderAsync();
        var (customer, _) = await factory.NewCustomerClientAsync();
        var bookingUrl = await BookAsync(customer, provider, TuesdayTen);
        var confirmPage = await customer.GetStringAsync(MoveUrl(bookingUrl, WednesdayTen));
        var seenVersion = VersionField().Match(confirmPage).Groups[1].Value;
        await ConfirmAsync(provider, bookingUrl);

        var (response, html) = await MoveAsync(customer, bookingUrl, WednesdayTen, seenVersion);
        var booking = WebUtility.HtmlDecode(await customer.GetStringAsync(bookingUrl));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("This booking changed while you were choosing (it is now Confirmed). Reload this page", html);
        Assert.Contains($"href=\"{MoveUrl(bookingUrl, WednesdayTen)}\">Reload</a>", html);
        Assert.Contains("Tue 8 Jan 2030, 10:00 (Europe/Berlin)", booking);
    }

    [Fact]
    public async Task A_completed_booking_offers_no_reschedule()
    {
        var provider = await factory.CreateProviderAsync();
        var (customer, _) = await factory.NewCustomerClientAsync();
        var soon = factory.SoonStart();
        var bookingUrl = await BookAsync(customer, provider, Iso(soon));
        var providerClient = await factory.SignedInAsync(provider.User.Email!);
        factory.ArriveAt(soon);
        foreach (var handler in new[] { "Confirm", "Start", "Complete" })
        {
            await FormPost.SubmitAsync(providerClient, bookingUrl, new Dictionary<string, string>(), $"{bookingUrl}?handler={handler}");
        }

        var bookingHtml = await customer.GetStringAsync(bookingUrl);
        var confirmPage = WebUtility.HtmlDecode(await customer.GetStringAsync(MoveUrl(bookingUrl, WednesdayTen)));

        Assert.DoesNotContain("?reschedule=", bookingHtml);
        Assert.Contains("A completed booking cannot be moved.", confirmPage);
        Assert.DoesNotContain("Move to this time", confirmPage);
    }

    [GeneratedRegex("name=\"Version\" value=\"([0-9]+)\"")]
    private static partial Regex VersionField();

    [GeneratedRegex("<li><a href=\"/Bookings/[0-9]+/Reschedule\\?start=([^\"]+)\" class=\"slot-button\">")]
    private static partial Regex AlternativeStarts();

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}
