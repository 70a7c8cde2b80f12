namespace HomeSer.Web.Features.Notifications.Outbox;

/// <summary>
/// Tells the other nodes about an event this node just delivered, so that each runs its <see cref="Delivery.EveryNode"/>
/// consumers (its caches and search index) within a second, not only when the safety nets expire.
/// </summary>
public interface IChangeFeed
{
    /// <summary>Best effort: a failure is logged and the other nodes catch up by their safety nets.</summary>
    Task PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken);
}

/// <summary>One node: there is nobody else to tell.</summary>
public sealed class LocalOnlyChangeFeed : IChangeFeed
{
    public Task PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken) => Task.CompletedTask;
}
