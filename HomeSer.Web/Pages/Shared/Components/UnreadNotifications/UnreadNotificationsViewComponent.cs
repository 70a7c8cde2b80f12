using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Notifications;
using Microsoft.AspNetCore.Mvc;

namespace HomeSer.Web.Pages.Shared.Components.UnreadNotifications;

/// <summary>
/// The header's unread-notifications count for the signed-in user: one COUNT per page, rendered even at zero (hidden)
/// so live.js can raise it when <c>notification.created</c> arrives.
/// </summary>
public sealed class UnreadNotificationsViewComponent(NotificationService notifications) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (UserClaimsPrincipal.UserId() is not { } userId)
        {
            return Content(string.Empty);
        }
        var count = await notifications.CountUnreadAsync(userId, HttpContext.RequestAborted);
        return View(new UnreadCount(LiveChannel.ForUser(userId).Name, count));
    }
}

public sealed record UnreadCount(string Channel, int Count);
