using HomeSer.Web.Data;
using HomeSer.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Notifications;

public sealed record NotificationView(int Id, string Kind, string Title, string Body, int? Booking, DateTime CreatedAt, DateTime? ReadAt);

/// <summary>A user's stored notifications: newest first, marked read one at a time.</summary>
public sealed class NotificationService(HomeSerDbContext db, TimeProvider clock)
{
    public async Task<PagedList<NotificationView>> ListAsync(int userId, PageRequest page, CancellationToken cancellationToken)
    {
        var query = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        var count = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Skip(page.Skip).Take(page.PageSize)
            .Select(n => new NotificationView(n.Id, n.Kind, n.Title, n.Body, n.BookingId, n.CreatedAt, n.ReadAt))
            .ToListAsync(cancellationToken);
        return new PagedList<NotificationView>(count, items);
    }

    public async Task<int> CountUnreadAsync(int userId, CancellationToken cancellationToken) =>
        await db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, cancellationToken);

    /// <summary>Marks every unread notification of the user read; answers how many were unread.</summary>
    public async Task<int> MarkAllReadAsync(int userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null)
            .ExecuteUpdateAsync(update => update.SetProperty(n => n.ReadAt, now), cancellationToken);
    }

    /// <summary>Marks one of the user's notifications read (idempotent); another user's is "not found".</summary>
    public async Task<Result<NotificationView>> MarkReadAsync(int userId, int id, CancellationToken cancellationToken)
    {
        var notification = await db.Notifications.FirstOrDefaultAsync(n => n.Id == id && n.UserId == userId, cancellationToken);
        if (notification is null)
        {
            return DomainError.NotFound("The notification");
        }
        if (notification.ReadAt is null)
        {
            notification.ReadAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
        }
        return new NotificationView(notification.Id, notification.Kind, notification.Title, notification.Body, notification.BookingId, notification.CreatedAt, notification.ReadAt);
    }
}
