using System.Net;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Bookings;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Tests.Backoffice;

public sealed class ProviderDashboardTests(BackofficeFactory factory) : IClassFixture<BackofficeFactory>
{
    [Fact]
    public async Task Dashboard_lists_a_pending_request_in_the_providers_zone()
    {
        var provider = await factory.CreateProviderAsync();
        var bookingId = await factory.BookAsync(provider, utcHour: 9);
        var client = await factory.SignedInAsync(provider.User.Email!);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/Provider"));

        Assert.Contains($"id=\"job-{bookingId}\"", html);
        Assert.Contains("Tue 8 Jan 2030, 10:00–11:00", html);
        Assert.Contains("Europe/Berlin", html);
        Assert.Matches("class=\"status-badge status-pending\"[^>]*data-live-channel=\"bookings:[0-9]+\"[^>]*><span aria-hidden=\"true\">[^<]*</span> Pending</span>", html);
    }

    [Fact]
    public async Task Todays_agenda_points_to_a_request_for_today_instead_of_saying_there_are_no_jobs()
    {
        var provider = await factory.CreateProviderAsync();
        await factory.BookAsync(provider, utcHour: 14, date: "2030-01-07");
        var client = await factory.SignedInAsync(provider.User.Email!);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/Provider"));

        Assert.Contains("<a href=\"#pending-heading\">1 request for today waits for your answer above.</a>", html);
        Assert.Contains("Nothing confirmed for today yet.", html);
        Assert.DoesNotContain("No jobs today.", html);
    }

    [Fact]
    public async Task A_request_shows_how_long_until_it_expires_counted_to_its_start_when_that_comes_first()
    {
        var provider = await factory.CreateProviderAsync();
        // Booked Monday 08:00 UTC for 14:00 UTC the same day: the start comes before the 24-hour expiry.
        await factory.BookAsync(provider, utcHour: 14, date: "2030-01-07");
        var client = await factory.SignedInAsync(provider.User.Email!);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/Provider"));

        Assert.Contains("expires in <time datetime=\"2030-01-07T14:00:00Z\" data-countdown>6 h</time>", html);
    }

    [Fact]
    public async Task A_request_for_later_in_the_week_expires_24_hours_after_it_was_made()
    {
        var provider = await factory.CreateProviderAsync();
        await factory.BookAsync(provider, utcHour: 9, date: "2030-01-10");
        var client = await factory.SignedInAsync(provider.User.Email!);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/Provider"));

        Assert.Contains("expires in <time datetime=\"2030-01-08T08:00:00Z\" data-countdown>24 h</time>", html);
    }

    [Fact]
    public async Task The_agenda_lists_each_of_the_next_seven_days_with_its_jobs_or_free()
    {
        var provider = await factory.CreateProviderAsync();
        var bookingId = await factory.BookAsync(provider, utcHour: 9, date: "2030-01-08");
        var client = await factory.SignedInAsync(provider.User.Email!);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/Provider"));
        var agenda = html[html.IndexOf("id=\"agenda-heading\"", StringComparison.Ordinal)..html.IndexOf("id=\"later-heading\"", StringComparison.Ordinal)];

        Assert.Equal(7, agenda.Split("<li class=\"agenda-day").Length - 1);
        Assert.Contains("<h3>Today <small>Mon 7 Jan</small></h3>", agenda);
        Assert.Matches($"<h3>Tomorrow <small>Tue 8 Jan</small></h3>\\s*<ul>\\s*<li>\\s*<a href=\"/Bookings/{bookingId}\"><strong>10:00–11:00</strong> Leak repair", agenda);
        Assert.Contains("<h3>Sunday <small>Sun 13 Jan</small></h3>", agenda);
        Assert.Equal(6, agenda.Split("<p class=\"empty\">Free</p>").Length - 1);
    }

    [Fact]
    public async Task Provider_confirms_a_pending_booking_from_the_dashboard()
    {
        var provider = await factory.CreateProviderAsync();
        var bookingId = await factory.BookAsync(provider, utcHour: 10);
        var client = await factory.SignedInAsync(provider.User.Email!);

        var response = await FormPost.SubmitAsync(client, "/Provider", new Dictionary<string, string>(), $"/Provider?handler=Confirm&id={bookingId}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var status = await factory.WithDbAsync(db => db.Bookings.Where(b => b.Id == bookingId).Select(b => b.Status).SingleAsync());
        Assert.Equal(BookingStatus.Confirmed, status);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/Provider"));
        Assert.Contains("Booking confirmed.", page);
    }

    [Fact]
    public async Task An_htmx_action_returns_only_the_job_row()
    {
        var provider = await factory.CreateProviderAsync();
        // Today: a job is offered to start on its day.
        var bookingId = await factory.BookAsync(provider, utcHour: 13, date: "2030-01-07");
        var client = await factory.SignedInAsync(provider.User.Email!);
        var page = await client.GetStringAsync("/Provider");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

        var request = new HttpRequestMessage(HttpMethod.Post, $"/Provider?handler=Confirm&id={bookingId}")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) }),
        };
        request.Headers.Add("HX-Request", "true");
        var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith($"<li id=\"job-{bookingId}\"", html.Trim());
        Assert.DoesNotContain("<html", html);
        Assert.Contains("status-confirmed", html);
        Assert.Contains("Booking confirmed.", html);
        Assert.Contains(">Start</button>", html);
    }

    [Fact]
    public async Task Declining_cancels_with_the_reason()
    {
        var provider = await factory.CreateProviderAsync();
        var bookingId = await factory.BookAsync(provider, utcHour: 12);
        var client = await factory.SignedInAsync(provider.User.Email!);

        await FormPost.SubmitAsync(client, "/Provider", new Dictionary<string, string> { ["reason"] = "Van broke down" },
            $"/Provider?handler=Decline&id={bookingId}");

        var booking = await factory.WithDbAsync(db => db.Bookings.AsNoTracking().SingleAsync(b => b.Id == bookingId));
        Assert.Equal(BookingStatus.Cancelled, booking.Status);
        Assert.Equal("Van broke down", booking.CancellationReason);
    }

    [Fact]
    public async Task A_customer_cannot_open_the_provider_or_admin_pages()
    {
        var customer = await factory.CreateUserAsync(HomeSer.Web.Features.Accounts.Roles.Customer);
        var client = await factory.SignedInAsync(customer.Email!);

        foreach (var path in new[] { "/Provider", "/Provider/Schedule", "/Admin", "/Admin/Providers", "/Admin/Bookings", "/Admin/Users" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden, $"{path} answered {(int)response.StatusCode} {response.Headers.Location}");
        }
    }
}
