using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeSer.Tests.Pages;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Notifications;

namespace HomeSer.Tests.Live;

/// <summary>
/// What live.js needs from the server: channel names on the elements it redraws, the calendar's week and URL, the
/// status labels, the header's unread count and the endpoint it catches up from. The clock is Monday 7 Jan 2030.
/// </summary>
public sealed class LivePageHooksTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    private const string TuesdayTen = "2030-01-08T09:00:00Z";

    private async Task<(HttpClient Customer, TestData.ProviderSetup Provider, string Location)> BookedAsync()
    {
        var provider = await factory.CreateProviderAsync();
        var (customer, _) = await factory.NewCustomerClientAsync();
        var form = $"/Bookings/New?service={provider.Service.Id}&start={Uri.EscapeDataString(TuesdayTen)}";
        var response = await FormPost.SubmitAsync(customer, form, new Dictionary<string, string>
        {
            ["Input.Service"] = provider.Service.Id.ToString(),
            ["Input.StartTime"] = TuesdayTen,
            ["Input.Duration"] = "60",
            ["Input.PaymentMethod"] = "on_completion",
            ["Input.IdempotencyKey"] = Guid.NewGuid().ToString("N"),
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (customer, provider, response.Headers.Location!.OriginalString);
    }

    private static int IdOf(string location) => int.Parse(location["/Bookings/".Length..]);

    [Fact]
    public async Task Booking_page_badge_subscribes_to_its_booking_and_marks_the_region_to_refresh()
    {
        var (customer, _, location) = await BookedAsync();

        var html = await customer.GetStringAsync(location);

        Assert.Contains($"id=\"booking-status\" data-booking-id=\"{IdOf(location)}\" data-status=\"pending\" data-live-channel=\"bookings:{IdOf(location)}\"", html);
        Assert.Contains("<div id=\"booking-live\">", html);
    }

    [Fact]
    public async Task My_bookings_rows_subscribe_to_each_booking_without_reusing_the_page_badge_id()
    {
        var (customer, _, location) = await BookedAsync();

        var html = await customer.GetStringAsync("/Bookings");

        Assert.Contains($"data-booking-id=\"{IdOf(location)}\" data-status=\"pending\" data-live-channel=\"bookings:{IdOf(location)}\"", html);
        Assert.DoesNotContain("id=\"booking-status\"", html);
    }

    [Fact]
    public async Task Calendar_subscribes_to_its_provider_and_names_the_week_it_shows_and_its_url()
    {
        var provider = await factory.CreateProviderAsync();
        var (customer, _) = await factory.NewCustomerClientAsync();

        var html = await customer.GetStringAsync($"/Services/{provider.Service.Id}?week=2030-01-14");

        Assert.Contains($"<div id=\"calendar\" aria-live=\"polite\" data-live-channel=\"providers:{provider.Profile.Id}\">", html);
        // The refresh URL keeps the day being looked at (the week's first day with free time when none was picked).
        Assert.Contains($"data-week=\"2030-01-14\"\n     data-week-end=\"2030-01-20\" data-calendar-url=\"/Services/{provider.Service.Id}?week=2030-01-14&amp;day=2030-01-14\"", html.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Signed_in_pages_load_live_js_with_the_status_labels_and_a_hidden_zero_unread_count()
    {
        var (customer, user) = await factory.NewCustomerClientAsync();

        var html = WebUtility.HtmlDecode(await customer.GetStringAsync("/"));

        Assert.Matches("<script src=\"/lib/signalr/signalr.min.js\\?v=[^\"]+\"></script>\\s*<script src=\"/js/live.js\\?v=", html);
        // The JSON escapes the symbols; JSON.parse in live.js turns them back into the same characters.
        Assert.Contains("\"confirmed\":[\"\\u2713\",\"Confirmed\"]", html);
        Assert.Contains($"id=\"unread-count\" data-live-channel=\"notifications:{user.Id}\" data-count=\"0\" hidden=\"hidden\"", html);
        Assert.Contains("id=\"live-connection\"", html);
    }

    [Fact]
    public async Task Anonymous_pages_load_no_live_script_and_no_unread_count()
    {
        var html = await factory.Anonymous().GetStringAsync("/");

        Assert.DoesNotContain("live.js", html);
        Assert.DoesNotContain("signalr.min.js", html);
        Assert.DoesNotContain("unread-count", html);
    }

    [Fact]
    public async Task Unread_count_shows_in_the_header_and_from_the_endpoint_and_drops_when_one_is_read()
    {
        var (customer, user) = await factory.NewCustomerClientAsync();
        var ids = await factory.WithDbAsync(async db =>
        {
            var notes = Enumerable.Range(1, 3).Select(i => new Notification
            {
                UserId = user.Id,
                Kind = "booking_confirmed",
                Title = $"Note {i}",
                Body = "",
                CreatedAt = new DateTime(2030, 1, 7, 8, 0, 0, DateTimeKind.Utc),
            }).ToList();
            db.Notifications.AddRange(notes);
            await db.SaveChangesAsync();
            return notes.Select(n => n.Id).ToList();
        });

        var header = await customer.GetStringAsync("/");
        var before = await customer.GetFromJsonAsync<JsonElement>("/api/notifications/unread-count/");
        var api = await factory.ClientForAsync(user.Email!);
        (await api.PostAsync($"/api/notifications/{ids[0]}/read/", null)).EnsureSuccessStatusCode();
        var after = await customer.GetFromJsonAsync<JsonElement>("/api/notifications/unread-count/");

        Assert.Contains($"data-count=\"3\" title=\"Unread notifications\"><span class=\"unread-count-number\">3</span>", header);
        Assert.Equal(3, before.GetProperty("count").GetInt32());
        Assert.Equal(2, after.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Unread_count_endpoint_needs_a_signed_in_user()
    {
        var response = await factory.Anonymous().GetAsync("/api/notifications/unread-count/");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
