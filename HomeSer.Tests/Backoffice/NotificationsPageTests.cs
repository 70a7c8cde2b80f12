using System.Net;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Tests.Backoffice;

public sealed class NotificationsPageTests(BackofficeFactory factory) : IClassFixture<BackofficeFactory>
{
    [Fact]
    public async Task Unread_notifications_are_highlighted_and_marked_read_with_an_htmx_swap()
    {
        var user = await factory.CreateUserAsync(Roles.Customer);
        var other = await factory.CreateUserAsync(Roles.Customer);
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var id = await factory.WithDbAsync(async db =>
        {
            var mine = new Notification { UserId = user.Id, Kind = "test", Title = "Hello <there>", Body = "Body", CreatedAt = now };
            db.Notifications.AddRange(mine, new Notification { UserId = other.Id, Kind = "test", Title = "Not yours", Body = "", CreatedAt = now });
            await db.SaveChangesAsync();
            return mine.Id;
        });
        var client = await factory.SignedInAsync(user.Email!);

        var page = await client.GetStringAsync("/Notifications");
        Assert.Contains($"<li id=\"notification-{id}\" class=\"unread\"", page);
        Assert.Contains("Hello &lt;there&gt;", page);
        Assert.DoesNotContain("Not yours", page);

        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var request = new HttpRequestMessage(HttpMethod.Post, $"/Notifications?handler=Read&id={id}")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) }),
        };
        request.Headers.Add("HX-Request", "true");
        var html = await (await client.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.StartsWith($"<li id=\"notification-{id}\"", html.Trim());
        Assert.DoesNotContain("unread", html);
        Assert.NotNull(await factory.WithDbAsync(db => db.Notifications.Where(n => n.Id == id).Select(n => n.ReadAt).SingleAsync()));
    }

    [Fact]
    public async Task Mark_all_read_reads_only_the_users_own_notifications()
    {
        var user = await factory.CreateUserAsync(Roles.Customer);
        var other = await factory.CreateUserAsync(Roles.Customer);
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        await factory.WithDbAsync(async db =>
        {
            db.Notifications.AddRange(
                new Notification { UserId = user.Id, Kind = "test", Title = "One", Body = "", CreatedAt = now },
                new Notification { UserId = user.Id, Kind = "test", Title = "Two", Body = "", CreatedAt = now },
                new Notification { UserId = other.Id, Kind = "test", Title = "Not yours", Body = "", CreatedAt = now });
            return await db.SaveChangesAsync();
        });
        var client = await factory.SignedInAsync(user.Email!);
        Assert.Contains("Mark all read", await client.GetStringAsync("/Notifications"));

        var response = await FormPost.SubmitAsync(client, "/Notifications", new Dictionary<string, string>(), "/Notifications?handler=ReadAll");
        var after = await client.GetStringAsync(response.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("2 notifications marked as read.", after);
        Assert.Contains("0 unread of 2", after);
        Assert.DoesNotContain("Mark all read", after);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == other.Id && n.ReadAt == null)));
    }

    [Fact]
    public async Task A_notification_about_a_booking_links_to_it_and_carries_its_instant_for_the_readers_zone()
    {
        var user = await factory.CreateUserAsync(Roles.Customer);
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        await factory.WithDbAsync(async db =>
        {
            db.Notifications.Add(new Notification { UserId = user.Id, Kind = "test", Title = "Booking confirmed", Body = "", BookingId = 4242, CreatedAt = now });
            return await db.SaveChangesAsync();
        });
        var client = await factory.SignedInAsync(user.Email!);

        var page = await client.GetStringAsync("/Notifications");

        Assert.Contains("<a href=\"/Bookings/4242\">View booking #4242</a>", page);
        Assert.Contains($"<time datetime=\"{now:yyyy-MM-ddTHH:mm:ss}Z\" data-local-time>", page);
    }

    [Fact]
    public async Task Signed_out_visitors_are_sent_to_sign_in()
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/Notifications");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.ToString());
    }
}
