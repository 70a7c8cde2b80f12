using System.Security.Claims;
using HomeSer.Web.Features.Accounts;
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
        var group = routes.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/", ListAsync).WithName("ListNotifications").WithSummary("The caller's notifications, newest first.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/unread-count/", UnreadCountAsync).WithName("CountUnreadNotifications")
            .WithSummary("How many of the caller's notifications are unread (the header badge catches up with it after a reconnect).");
        group.MapPost("/{id:int}/read/", MarkReadAsync).WithName("MarkNotificationRead").WithSummary("Mark one of the caller's notifications read.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public static async Task<Results<Ok<PageResponse<NotificationView>>, ProblemHttpResult>> ListAsync(
        [AsParameters] PageQuery paging, NotificationService notifications, ClaimsPrincipal user, HttpContext http, CancellationToken cancellationToken)
    {
        var page = paging.Validate();
        if (page.Error is { } invalid)
        {
            return TypedResults.Problem(Problems.Create(http, invalid));
        }
        if (user.UserId() is not { } userId)
        {
            return TypedResults.Problem(Problems.Create(http, new DomainError(ErrorKind.NotAuthenticated, "Sign in first.")));
        }
        var list = await notifications.ListAsync(userId, page.Value!, cancellationToken);
        return TypedResults.Ok(list.ToResponse(http.Request, page.Value!));
    }

    public static async Task<Results<Ok<UnreadCountView>, ProblemHttpResult>> UnreadCountAsync(
        NotificationService notifications, ClaimsPrincipal user, HttpContext http, CancellationToken cancellationToken)
    {
        if (user.UserId() is not { } userId)
        {
            return TypedResults.Problem(Problems.Create(http, new DomainError(ErrorKind.NotAuthenticated, "Sign in first.")));
        }
        return TypedResults.Ok(new UnreadCountView(await notifications.CountUnreadAsync(userId, cancellationToken)));
    }

    public static async Task<Results<Ok<NotificationView>, ProblemHttpResult>> MarkReadAsync(
        int id, NotificationService notifications, ClaimsPrincipal user, HttpContext http, CancellationToken cancellationToken)
    {
        if (user.UserId() is not { } userId)
        {
            return TypedResults.Problem(Problems.Create(http, new DomainError(ErrorKind.NotAuthenticated, "Sign in first.")));
        }
        var notification = await notifications.MarkReadAsync(userId, id, cancellationToken);
        return notification.Error is { } error
            ? TypedResults.Problem(Problems.Create(http, error))
            : TypedResults.Ok(notification.Value!);
    }
}
