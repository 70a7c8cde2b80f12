using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Notifications;
using HomeSer.Web.Infrastructure;
using Htmx;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HomeSer.Web.Pages.Notifications;

/// <summary>The signed-in user's notifications, newest first; "Mark as read" swaps just that item under htmx.</summary>
[Authorize]
public sealed class IndexModel(NotificationService notifications) : PageModel
{
    public const int PageSize = 20;

    public PagedList<NotificationView> Items { get; private set; } = new(0, []);
    public int Unread { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int LastPage => Math.Max(1, (Items.Count + PageSize - 1) / PageSize);

    public async Task OnGetAsync(int? p, CancellationToken ct)
    {
        var userId = User.UserId()!.Value;
        PageNumber = Math.Max(1, p ?? 1);
        Items = await notifications.ListAsync(userId, new PageRequest(PageNumber, PageSize), ct);
        Unread = await notifications.CountUnreadAsync(userId, ct);
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        var marked = await notifications.MarkAllReadAsync(User.UserId()!.Value, ct);
        TempData["Flash"] = marked switch
        {
            0 => "Nothing was unread.",
            1 => "1 notification marked as read.",
            _ => $"{marked} notifications marked as read.",
        };
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostReadAsync(int id, int? p, CancellationToken ct)
    {
        var result = await notifications.MarkReadAsync(User.UserId()!.Value, id, ct);
        if (Request.IsHtmx())
        {
            return result.Value is { } read ? Partial("_NotificationItem", read) : NotFound();
        }
        TempData["Flash"] = result.IsSuccess ? "Marked as read." : "That notification was not found.";
        return RedirectToPage(new { p });
    }
}
