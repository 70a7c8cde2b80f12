using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HomeSer.Web.Features.Notifications;

/// <summary>The body of GET /api/notifications/unread-count/.</summary>
public sealed record UnreadCountView(int Count);

/// <summary>The signed-in user's stored notifications.</summary>
public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization();
        group.MapGet("/", ListAsync).WithName("ListNotifications").WithSummary("The caller's notifications, newest first.");
        group.MapGet("/unread-count/", UnreadCountAsync).WithName("CountUnreadNotifications")
            .WithSummary("How many of the caller's notifications are unread (the header badge catches up with it after a reconnect).");
        group.MapPost("/{id:int}/read/", MarkReadAsync).WithName("MarkNotificationRead").WithSummary("Mark one of the caller's notifications read.");
        return routes;
    }

    public static Task<Results<Ok<PageResponse<NotificationView>>, ProblemHttpResult>> ListAsync(
        [AsParameters] PageQuery paging, NotificationService notifications, [AsParameters] ApiCall api) =>
        api.PageAsync(paging, (actor, page, ct) => notifications.ListAsync(actor.UserId, page, ct).AsResult());

    public static Task<Results<Ok<UnreadCountView>, ProblemHttpResult>> UnreadCountAsync(NotificationService notifications, [AsParameters] ApiCall api) =>
        api.OkAsync(async (actor, ct) => Result<UnreadCountView>.Ok(new UnreadCountView(await notifications.CountUnreadAsync(actor.UserId, ct))));

    public static Task<Results<Ok<NotificationView>, ProblemHttpResult>> MarkReadAsync(int id, NotificationService notifications, [AsParameters] ApiCall api) =>
        api.OkAsync((actor, ct) => notifications.MarkReadAsync(actor.UserId, id, ct));
}
