using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HomeSer.Tests.Api;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Notifications.Email;
using Ical.Net.CalendarComponents;
using Microsoft.Extensions.DependencyInjection;
using IcalCalendar = Ical.Net.Calendar;

namespace HomeSer.Tests.Calendar;

/// <summary>The booking fixture with a public origin that differs from the test server's own address.</summary>
public sealed class CalendarFixture : BookingsFixture
{
    public const string PublicBaseUrl = "https://homeser.example/";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        base.Settings.Append(new("App:PublicBaseUrl", PublicBaseUrl));
}

/// <summary>
/// Calendar files through the real pipeline: a booking's .ics for its parties, the attachment on booking mails and the
/// private feed, each read back with Ical.Net.
/// </summary>
public sealed class CalendarApiTests(CalendarFixture app) : IClassFixture<CalendarFixture>
{
    private static string Ics(int id) => $"/api/bookings/bookings/{id}/calendar.ics";

    private static async Task<(IcalCalendar Calendar, CalendarEvent Event)> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var calendar = IcalCalendar.Load(text)!;
        return (calendar, Assert.Single(calendar.Events));
    }

    [Fact]
    public async Task A_booking_file_is_for_its_parties_and_admins_only()
    {
        var cast = await app.CastAsync();
        var id = (await app.BookAsync()).GetProperty("id").GetInt32();

        foreach (var party in new[] { cast.Customer, cast.ProviderClient, cast.Admin })
        {
            var (calendar, ev) = await ReadAsync(await party.GetAsync(Ics(id)));
            Assert.Equal("REQUEST", calendar.Method);
            Assert.Equal($"booking-{id}@homeser.example", ev.Uid);
        }
        await (await cast.OtherCustomer.GetAsync(Ics(id))).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await cast.OtherProviderClient.GetAsync(Ics(id))).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await cast.Anonymous.GetAsync(Ics(id))).ProblemAsync(HttpStatusCode.Unauthorized, "NOT_AUTHENTICATED");
        await (await cast.Customer.GetAsync(Ics(999_999))).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task The_file_has_an_etag_that_answers_304_until_the_booking_changes_and_links_the_public_origin()
    {
        var cast = await app.CastAsync();
        var id = (await app.BookAsync()).GetProperty("id").GetInt32();
        var first = await cast.Customer.GetAsync(Ics(id));
        var (_, ev) = await ReadAsync(first);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Equal("attachment", first.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(new Uri($"{CalendarFixture.PublicBaseUrl}Bookings/{id}"), ev.Url);
        Assert.Contains($"{CalendarFixture.PublicBaseUrl}Bookings/{id}", ev.Description);

        var again = new HttpRequestMessage(HttpMethod.Get, Ics(id));
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await cast.Customer.SendAsync(again)).StatusCode);

        (await cast.ProviderClient.PostAsync($"/api/bookings/bookings/{id}/confirm/", null)).EnsureSuccessStatusCode();
        var changed = new HttpRequestMessage(HttpMethod.Get, Ics(id));
        changed.Headers.IfNoneMatch.Add(etag);
        var after = await cast.Customer.SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(etag, after.Headers.ETag);
    }

    [Fact]
    public async Task Uid_stays_and_sequence_grows_through_confirm_and_reschedule_and_cancel_sends_cancel()
    {
        var cast = await app.CastAsync();
        var booking = await app.BookAsync();
        var id = booking.GetProperty("id").GetInt32();
        var (_, created) = await ReadAsync(await cast.Customer.GetAsync(Ics(id)));
        Assert.Equal("TENTATIVE", created.Status);

        (await cast.ProviderClient.PostAsync($"/api/bookings/bookings/{id}/confirm/", null)).EnsureSuccessStatusCode();
        var (_, confirmed) = await ReadAsync(await cast.Customer.GetAsync(Ics(id)));
        Assert.Equal("CONFIRMED", confirmed.Status);

        var moved = await (await cast.Customer.PatchAsJsonAsync($"/api/bookings/bookings/{id}/",
            new { start_time = app.NextSlot().ToString("yyyy-MM-ddTHH:mm:ssZ"), version = (await BookingAsync(cast.Customer, id)).GetProperty("version").GetInt32() }))
            .JsonAsync(HttpStatusCode.OK);
        var (_, rescheduled) = await ReadAsync(await cast.Customer.GetAsync(Ics(id)));
        Assert.Equal(moved.GetProperty("start_time").GetDateTime().ToUniversalTime(), rescheduled.DtStart!.AsUtc);

        (await cast.Customer.PostAsJsonAsync($"/api/bookings/bookings/{id}/cancel/", new { reason = "Away" })).EnsureSuccessStatusCode();
        var (cancelCalendar, cancelled) = await ReadAsync(await cast.Customer.GetAsync(Ics(id)));

        Assert.All(new[] { confirmed.Uid, rescheduled.Uid, cancelled.Uid }, uid => Assert.Equal(created.Uid, uid));
        Assert.True(created.Sequence < confirmed.Sequence && confirmed.Sequence < rescheduled.Sequence && rescheduled.Sequence < cancelled.Sequence,
            $"SEQUENCE {created.Sequence}, {confirmed.Sequence}, {rescheduled.Sequence}, {cancelled.Sequence}");
        Assert.Equal("CANCEL", cancelCalendar.Method);
        Assert.Equal("CANCELLED", cancelled.Status);
    }

    [Fact]
    public async Task A_Berlin_booking_moved_across_the_spring_change_keeps_ten_oclock_local()
    {
        var provider = await app.CreateProviderAsync(maxAdvanceDays: 365);
        var customer = await app.ClientForAsync((await app.CreateUserAsync(Roles.Customer)).Email!);
        // Saturday 30 March 2030, 10:00 in Berlin (UTC+1), then Monday 1 April, 10:00 (UTC+2).
        var saturday = new DateTime(2030, 3, 30, 9, 0, 0, DateTimeKind.Utc);
        var monday = new DateTime(2030, 4, 1, 8, 0, 0, DateTimeKind.Utc);
        var booking = await (await customer.PostAsJsonAsync("/api/bookings/bookings/",
            new { service = provider.Service.Id, provider = provider.Profile.Id, start_time = saturday.ToString("yyyy-MM-ddTHH:mm:ssZ") })).JsonAsync(HttpStatusCode.Created);
        var id = booking.GetProperty("id").GetInt32();
        var (_, before) = await ReadAsync(await customer.GetAsync(Ics(id)));

        (await customer.PatchAsJsonAsync($"/api/bookings/bookings/{id}/",
            new { start_time = monday.ToString("yyyy-MM-ddTHH:mm:ssZ"), version = booking.GetProperty("version").GetInt32() })).EnsureSuccessStatusCode();
        var (_, after) = await ReadAsync(await customer.GetAsync(Ics(id)));

        Assert.Equal(("Europe/Berlin", 10, saturday), (before.DtStart!.TzId, before.DtStart.Hour, before.DtStart.AsUtc));
        Assert.Equal(("Europe/Berlin", 10, monday), (after.DtStart!.TzId, after.DtStart.Hour, after.DtStart.AsUtc));
        Assert.Equal(monday.AddHours(1), after.DtEnd!.AsUtc);
        Assert.Equal(before.Uid, after.Uid);
        Assert.True(after.Sequence > before.Sequence);
    }

    [Fact]
    public async Task Confirmation_and_cancellation_mails_carry_request_and_cancel_invitations()
    {
        var cast = await app.CastAsync();
        var customerEmail = await EmailOfAsync(cast.Customer);
        var id = (await app.BookAsync("confirmed")).GetProperty("id").GetInt32();
        var confirmedMail = await MailAboutAsync(customerEmail, "Booking confirmed", id);

        (await cast.ProviderClient.PostAsJsonAsync($"/api/bookings/bookings/{id}/cancel/", new { reason = "Ill" })).EnsureSuccessStatusCode();
        var cancelledMail = await MailAboutAsync(customerEmail, "Booking cancelled", id);

        Assert.Contains("method=REQUEST", MailCalendar.HeaderOf(confirmedMail), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("method=CANCEL", MailCalendar.HeaderOf(cancelledMail), StringComparison.OrdinalIgnoreCase);
        var request = IcalCalendar.Load(MailCalendar.Of(confirmedMail)!)!;
        var cancel = IcalCalendar.Load(MailCalendar.Of(cancelledMail)!)!;
        Assert.Equal(("REQUEST", "CANCEL"), (request.Method, cancel.Method));
        Assert.Equal($"booking-{id}@homeser.example", Assert.Single(request.Events).Uid);
        Assert.Equal(request.Events.Single().Uid, Assert.Single(cancel.Events).Uid);
        Assert.True(cancel.Events.Single().Sequence > request.Events.Single().Sequence);
    }

    [Fact]
    public async Task A_new_request_mail_to_the_provider_carries_no_invitation()
    {
        var cast = await app.CastAsync();
        var id = (await app.BookAsync()).GetProperty("id").GetInt32();
        var providerEmail = await EmailOfAsync(cast.ProviderClient);
        var mails = (await SendMailsAsync())
            .Where(m => m.Contains($"To: {providerEmail}", StringComparison.OrdinalIgnoreCase) && m.Contains("Subject: New booking request", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(mails);
        Assert.All(mails, m => Assert.Null(MailCalendar.Of(m)));
        Assert.True(id > 0);
    }

    /// <summary>
    /// Runs the mail job here, as the tests of other jobs do: what it mails comes from the database, so the mails exist
    /// when it returns, however late this host's outbox and Hangfire get to it (its own run then finds them sent).
    /// </summary>
    private async Task<IReadOnlyList<string>> SendMailsAsync()
    {
        await using var scope = app.Scope();
        await scope.ServiceProvider.GetRequiredService<NotificationMailJob>().SendPendingAsync(CancellationToken.None);
        return app.Mails();
    }

    /// <summary>The one mail to <paramref name="email"/> with this subject whose invitation is about booking <paramref name="id"/>.</summary>
    private async Task<string> MailAboutAsync(string email, string subject, int id) =>
        Assert.Single(await SendMailsAsync(), m => m.Contains($"To: {email}", StringComparison.OrdinalIgnoreCase)
            && m.Contains($"Subject: {subject}", StringComparison.Ordinal) && MailCalendar.Of(m)?.Contains($"UID:booking-{id}@", StringComparison.Ordinal) == true);

    [Fact]
    public async Task The_feed_url_is_absolute_stable_and_rotating_it_retires_the_old_one()
    {
        var cast = await app.CastAsync();
        var customer = await app.ClientForAsync((await app.CreateUserAsync(Roles.Customer)).Email!);
        var booked = await (await customer.PostAsJsonAsync("/api/bookings/bookings/", BookingsFixture.BookingBody(cast, app.NextSlot()))).JsonAsync(HttpStatusCode.Created);
        var cancelled = await (await customer.PostAsJsonAsync("/api/bookings/bookings/", BookingsFixture.BookingBody(cast, app.NextSlot()))).JsonAsync(HttpStatusCode.Created);
        (await customer.PostAsJsonAsync($"/api/bookings/bookings/{cancelled.GetProperty("id").GetInt32()}/cancel/", new { })).EnsureSuccessStatusCode();

        var url = (await (await customer.GetAsync("/api/auth/me/calendar-feed/")).JsonAsync(HttpStatusCode.OK)).GetProperty("url").GetString()!;
        Assert.StartsWith(CalendarFixture.PublicBaseUrl + "calendar/", url);
        Assert.EndsWith(".ics", url);
        Assert.Equal(url, (await (await customer.GetAsync("/api/auth/me/calendar-feed")).JsonAsync(HttpStatusCode.OK)).GetProperty("url").GetString());

        var feed = await cast.Anonymous.GetAsync(new Uri(url).AbsolutePath);
        var text = await feed.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        var calendar = IcalCalendar.Load(text)!;
        Assert.Equal($"booking-{booked.GetProperty("id").GetInt32()}@homeser.example", Assert.Single(calendar.Events).Uid);

        var rotated = (await (await customer.PostAsync("/api/auth/me/calendar-feed/rotate/", null)).JsonAsync(HttpStatusCode.OK)).GetProperty("url").GetString()!;
        Assert.NotEqual(url, rotated);
        await (await cast.Anonymous.GetAsync(new Uri(url).AbsolutePath)).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal(HttpStatusCode.OK, (await cast.Anonymous.GetAsync(new Uri(rotated).AbsolutePath)).StatusCode);
        Assert.Equal(rotated, (await (await customer.GetAsync("/api/auth/me/calendar-feed/")).JsonAsync(HttpStatusCode.OK)).GetProperty("url").GetString());
    }

    [Fact]
    public async Task A_providers_feed_lists_their_jobs_and_old_ones_drop_out_after_thirty_days()
    {
        var cast = await app.CastAsync();
        var provider = await app.CreateProviderAsync();
        var providerClient = await app.ClientForAsync(provider.User.Email!);
        var job = await (await cast.Customer.PostAsJsonAsync("/api/bookings/bookings/",
            new { service = provider.Service.Id, provider = provider.Profile.Id, start_time = app.NextSlot().ToString("yyyy-MM-ddTHH:mm:ssZ") })).JsonAsync(HttpStatusCode.Created);
        var id = job.GetProperty("id").GetInt32();
        var url = (await (await providerClient.GetAsync("/api/auth/me/calendar-feed/")).JsonAsync(HttpStatusCode.OK)).GetProperty("url").GetString()!;

        var events = IcalCalendar.Load(await (await cast.Anonymous.GetAsync(new Uri(url).AbsolutePath)).Content.ReadAsStringAsync())!.Events;
        Assert.Equal($"booking-{id}@homeser.example", Assert.Single(events).Uid);

        // The job as if it had been 31 days ago: gone from the feed.
        var longAgo = app.Clock.GetUtcNow().UtcDateTime.AddDays(-31);
        await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteUpdateAsync(
            db.Bookings.Where(b => b.Id == id), set => set.SetProperty(b => b.StartUtc, longAgo).SetProperty(b => b.ScheduledEndUtc, longAgo.AddHours(1))));
        var later = IcalCalendar.Load(await (await cast.Anonymous.GetAsync(new Uri(url).AbsolutePath)).Content.ReadAsStringAsync())!;
        Assert.Empty(later.Events);
    }

    [Theory]
    [InlineData("/calendar/not-a-token.ics")]
    [InlineData("/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics")]
    public async Task An_unknown_or_malformed_feed_token_is_404_problem_json(string path)
    {
        var cast = await app.CastAsync();
        await (await cast.Anonymous.GetAsync(path)).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Feed_routes_need_sign_in()
    {
        var cast = await app.CastAsync();
        await (await cast.Anonymous.GetAsync("/api/auth/me/calendar-feed/")).ProblemAsync(HttpStatusCode.Unauthorized, "NOT_AUTHENTICATED");
        await (await cast.Anonymous.PostAsync("/api/auth/me/calendar-feed/rotate/", null)).ProblemAsync(HttpStatusCode.Unauthorized, "NOT_AUTHENTICATED");
    }

    private static async Task<JsonElement> BookingAsync(HttpClient client, int id) =>
        await (await client.GetAsync($"/api/bookings/bookings/{id}/")).JsonAsync(HttpStatusCode.OK);

    private static async Task<string> EmailOfAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/auth/me/")).JsonAsync(HttpStatusCode.OK)).GetProperty("email").GetString()!;
}

/// <summary>The text/calendar part of a .eml file written by System.Net.Mail (base64 or plain), or null.</summary>
public static class MailCalendar
{
    /// <summary>The attachment's MIME headers (unfolded), or "".</summary>
    public static string HeaderOf(string eml)
    {
        var lines = eml.Replace("\r\n", "\n").Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("Content-Type: text/calendar", StringComparison.OrdinalIgnoreCase));
        return start < 0 ? "" : string.Join(" ", lines.Skip(start).TakeWhile(l => l.Length > 0).Select(l => l.Trim()));
    }

    public static string? Of(string eml)
    {
        var lines = eml.Replace("\r\n", "\n").Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("Content-Type: text/calendar", StringComparison.OrdinalIgnoreCase));
        if (start < 0)
        {
            return null;
        }
        var i = start;
        var base64 = false;
        for (; i < lines.Length && lines[i].Length > 0; i++)
        {
            base64 |= lines[i].Contains("Content-Transfer-Encoding: base64", StringComparison.OrdinalIgnoreCase);
        }
        var body = lines.Skip(i + 1).TakeWhile(l => !l.StartsWith("--", StringComparison.Ordinal)).ToList();
        return base64 ? Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body))) : string.Join("\r\n", body);
    }
}
