using System.Net;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Notifications;

namespace HomeSer.Tests.Api;

public sealed class NotificationsApiTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    private async Task<int[]> NotifyAsync(int userId, int count) => await factory.WithDbAsync(async db =>
    {
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var notifications = Enumerable.Range(0, count)
            .Select(i => new Notification { UserId = userId, Kind = "booking.created", Title = $"Note {i}", Body = "Body", CreatedAt = now.AddMinutes(i) })
            .ToList();
        db.Notifications.AddRange(notifications);
        await db.SaveChangesAsync();
        return notifications.Select(n => n.Id).ToArray();
    });

    [Fact]
    public async Task Lists_own_notifications_newest_first_paginated()
    {
        var user = await factory.CreateUserAsync(Roles.Customer);
        var other = await factory.CreateUserAsync(Roles.Customer);
        await NotifyAsync(user.Id, 3);
        await NotifyAsync(other.Id, 2);
        var client = await factory.ClientForAsync(user.Email!);

        var page = await (await client.GetAsync("/api/notifications/?page_size=2")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, page.GetProperty("count").GetInt32());
        Assert.Equal(["Note 2", "Note 1"], page.GetProperty("results").EnumerateArray().Select(n => n.GetProperty("title").GetString()).ToList());
        Assert.NotNull(page.GetProperty("next").GetString());
    }

    [Fact]
    public async Task Marks_own_notification_read_and_someone_elses_is_not_found()
    {
        var user = await factory.CreateUserAsync(Roles.Customer);
        var other = await factory.CreateUserAsync(Roles.Customer);
        var mine = (await NotifyAsync(user.Id, 1))[0];
        var theirs = (await NotifyAsync(other.Id, 1))[0];
        var client = await factory.ClientForAsync(user.Email!);

        var read = await (await client.PostAsync($"/api/notifications/{mine}/read/", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, read.GetProperty("read_at").GetDateTime().ToUniversalTime());

        await (await client.PostAsync($"/api/notifications/{theirs}/read/", null)).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await client.PostAsync("/api/notifications/999999/read", null)).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Null(await factory.WithDbAsync(async db => (await db.Notifications.FindAsync(theirs))!.ReadAt));
    }
}
