using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Features.Notifications.Email;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Features.Search;
using HomeSer.Web.Features.Waitlist;

namespace HomeSer.Web.Features.Notifications.Outbox;

/// <summary>
/// Where a consumer must run when there are several nodes: <see cref="Once"/> consumers change shared state (the
/// database, the job store) and must run once per event across all nodes; <see cref="EveryNode"/> consumers refresh
/// something each process keeps for itself (caches, the search index, its SignalR connections) and must run on every
/// node. The node whose dispatcher delivers an event runs both kinds; with Redis it then publishes the event on the
/// change feed (<see cref="IChangeFeed"/>) and every other node runs the <see cref="EveryNode"/> ones.
/// </summary>
public enum Delivery { Once, EveryNode }

/// <summary>One consumer of one event type, resolved from a fresh scope per delivery.</summary>
public sealed record Subscription(Type EventType, Type Handler, Delivery Delivery)
{
    public Task InvokeAsync(IServiceProvider services, DomainEvent domainEvent, CancellationToken ct) =>
        (Task)typeof(Subscription).GetMethod(nameof(Invoke), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(EventType).Invoke(null, [services.GetRequiredService(Handler), domainEvent, ct])!;

    private static Task Invoke<TEvent>(object handler, DomainEvent domainEvent, CancellationToken ct) where TEvent : DomainEvent =>
        ((IDomainEventHandler<TEvent>)handler).HandleAsync((TEvent)domainEvent, ct);
}

/// <summary>
/// Every event's subscribers, in delivery order, in one place. Each feature registers its handler types itself; this
/// table says who hears what.
/// </summary>
public static class EventSubscribers
{
    public static readonly IReadOnlyList<Subscription> All =
    [
        // booking.status_updated: counters first (shared), then what each node keeps, then the live push.
        new(typeof(BookingStatusChanged), typeof(ProviderStats), Delivery.Once),
        new(typeof(BookingStatusChanged), typeof(Operations.BookingMetrics), Delivery.Once),
        new(typeof(BookingStatusChanged), typeof(AvailabilityCache), Delivery.EveryNode),
        new(typeof(BookingStatusChanged), typeof(SearchIndexCounters), Delivery.EveryNode),
        // Live pushes run once: the SignalR group send reaches every node's connections (through the Redis backplane).
        new(typeof(BookingStatusChanged), typeof(LiveEventHandlers), Delivery.Once),

        // availability.updated
        new(typeof(AvailabilityChanged), typeof(AvailabilityCache), Delivery.EveryNode),
        new(typeof(AvailabilityChanged), typeof(SearchIndex), Delivery.EveryNode),
        new(typeof(AvailabilityChanged), typeof(LiveEventHandlers), Delivery.Once),
        // freed time goes to the waitlist (holds are calendar changes too, so this comes back once with nothing to offer).
        new(typeof(AvailabilityChanged), typeof(WaitlistOffers), Delivery.Once),
        // a new entry whose window is free already is offered that time, first in line first, as freed time would be.
        new(typeof(WaitlistJoined), typeof(WaitlistOffers), Delivery.Once),

        // notification.created: the stored notification was written with the change; mail it and push it.
        new(typeof(NotificationCreated), typeof(NotificationMailQueue), Delivery.Once),
        new(typeof(NotificationCreated), typeof(LiveEventHandlers), Delivery.Once),

        // catalog changes feed search only.
        new(typeof(CatalogChanged), typeof(SearchIndex), Delivery.EveryNode),
    ];

    public static ILookup<Type, Subscription> ByEvent { get; } = All.ToLookup(s => s.EventType);

    /// <summary>What a node that did not deliver the event runs when the change feed brings it.</summary>
    public static ILookup<Type, Subscription> EveryNodeByEvent { get; } = All.Where(s => s.Delivery == Delivery.EveryNode).ToLookup(s => s.EventType);

    /// <summary>Also delivers to handlers registered in DI as <see cref="IDomainEventHandler{TEvent}"/> (an extension point for tests).</summary>
    public static async Task InvokeRegisteredAsync(IServiceProvider services, DomainEvent domainEvent, CancellationToken ct)
    {
        var handlerType = typeof(IDomainEventHandler<>).MakeGenericType(domainEvent.GetType());
        foreach (var handler in services.GetServices(handlerType))
        {
            await (Task)handlerType.GetMethod(nameof(IDomainEventHandler<DomainEvent>.HandleAsync))!.Invoke(handler, [domainEvent, ct])!;
        }
    }
}
