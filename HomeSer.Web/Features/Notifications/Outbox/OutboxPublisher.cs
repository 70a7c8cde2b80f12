using HomeSer.Web.Data;
using HomeSer.Web.Features.Notifications.Outbox;

namespace HomeSer.Web.Features.Notifications;

/// <summary>Publishes events that belong to no other write: writes them to the outbox on their own and waits for delivery.</summary>
public interface IDomainEventPublisher
{
    Task PublishAsync(IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken);
}

public sealed class OutboxPublisher(HomeSerDbContext db) : IDomainEventPublisher
{
    public async Task PublishAsync(IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken)
    {
        foreach (var domainEvent in events)
        {
            db.Raise(domainEvent);
        }
        await db.SaveChangesAsync(cancellationToken);
        await db.EventsDeliveredAsync(cancellationToken);
    }
}
