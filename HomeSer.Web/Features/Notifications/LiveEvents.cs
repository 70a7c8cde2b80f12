using HomeSer.Web.Data;
using HomeSer.Web.Features.Bookings;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Notifications;

/// <summary>The one argument of every live message: <c>{event, channel, data, occurred_at}</c>.</summary>
public sealed record LiveMessage(string Event, string Channel, object Data, DateTime OccurredAt);

/// <summary>The data of <c>availability.updated</c>: these provider-local dates changed.</summary>
public sealed record LiveAvailability(int Provider, IReadOnlyList<DateOnly> Dates);

/// <summary>The notification object of <c>notification.created</c>, as the contract names its fields.</summary>
public sealed record LiveNotification(int Id, string Kind, string Title, string Body, int? Booking, DateTime CreatedAt, DateTime? ReadAt)
{
    public static LiveNotification Of(Notification n) => new(n.Id, n.Kind, n.Title, n.Body, n.BookingId, n.CreatedAt, n.ReadAt);
}

/// <summary>The seed's event names, used as SignalR method names.</summary>
public static class LiveEventNames
{
    public const string BookingStatusUpdated = "booking.status_updated";
    public const string AvailabilityUpdated = "availability.updated";
    public const string NotificationCreated = "notification.created";
}

/// <summary>Sends one message to the group of one channel.</summary>
public sealed class LivePush(IHubContext<LiveHub> hub)
{
    public Task SendAsync(LiveChannel channel, string eventName, object data, DateTime occurredAt, CancellationToken ct) =>
        hub.Clients.Group(channel.Name).SendAsync(eventName, new LiveMessage(eventName, channel.Name, data, occurredAt), ct);
}

/// <summary>
/// Pushes committed domain events to their channels. The booking and notification are read back from the database
/// (after commit), so a subscriber sees exactly what a GET would return.
/// </summary>
public sealed class LiveEventHandlers(HomeSerDbContext db, LivePush push) :
    IDomainEventHandler<BookingStatusChanged>, IDomainEventHandler<AvailabilityChanged>, IDomainEventHandler<NotificationCreated>
{
    public async Task HandleAsync(BookingStatusChanged domainEvent, CancellationToken cancellationToken)
    {
        var booking = await db.Bookings.AsNoTracking().Include(b => b.Payment).Include(b => b.Provider)
            .FirstOrDefaultAsync(b => b.Id == domainEvent.BookingId, cancellationToken);
        if (booking is not null)
        {
            // Both parties listen on the channel, so it carries the address as the provider may see it.
            await push.SendAsync(LiveChannel.ForBooking(booking.Id), LiveEventNames.BookingStatusUpdated, BookingView.Of(booking, BookingParty.Provider),
                domainEvent.OccurredAt, cancellationToken);
        }
    }

    public Task HandleAsync(AvailabilityChanged domainEvent, CancellationToken cancellationToken) =>
        push.SendAsync(LiveChannel.ForProvider(domainEvent.ProviderId), LiveEventNames.AvailabilityUpdated,
            new LiveAvailability(domainEvent.ProviderId, domainEvent.Dates), domainEvent.OccurredAt, cancellationToken);

    public async Task HandleAsync(NotificationCreated domainEvent, CancellationToken cancellationToken)
    {
        var notification = await db.Notifications.AsNoTracking().FirstOrDefaultAsync(n => n.Id == domainEvent.NotificationId, cancellationToken);
        if (notification is not null)
        {
            await push.SendAsync(LiveChannel.ForUser(notification.UserId), LiveEventNames.NotificationCreated, LiveNotification.Of(notification),
                domainEvent.OccurredAt, cancellationToken);
        }
    }
}
