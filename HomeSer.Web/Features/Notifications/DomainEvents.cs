using HomeSer.Web.Features.Bookings;

namespace HomeSer.Web.Features.Notifications;

/// <summary>Something that happened and was committed; published once, after the transaction.</summary>
public abstract record DomainEvent(DateTime OccurredAt);

/// <summary>
/// Seed event <c>booking.status_updated</c> on <c>bookings:{id}</c>; also raised for a time change without a status change.
/// <paramref name="By"/> is the party that made the move (Admin also for the system's expiry) and
/// <paramref name="BookedAt"/> when the booking was created; both are null where unknown.
/// </summary>
public sealed record BookingStatusChanged(int BookingId, int ProviderId, int CustomerId, BookingStatus? From, BookingStatus To, DateTime OccurredAt,
    BookingParty? By = null, DateTime? BookedAt = null)
    : DomainEvent(OccurredAt);

/// <summary>Seed event <c>availability.updated</c> on <c>providers:{id}</c>: these provider-local dates changed.</summary>
public sealed record AvailabilityChanged(int ProviderId, IReadOnlyList<DateOnly> Dates, DateTime OccurredAt) : DomainEvent(OccurredAt);

/// <summary>Seed event <c>notification.created</c> on <c>notifications:{user_id}</c>.</summary>
public sealed record NotificationCreated(int NotificationId, int UserId, DateTime OccurredAt) : DomainEvent(OccurredAt);

/// <summary>
/// What search indexes about a provider changed (its services, service area, verification or activity, rating, or
/// booking counters); a null <paramref name="ProviderId"/> means the categories changed. Invalidates
/// <c>Search/SearchIndex</c> on every node that receives it.
/// </summary>
public sealed record CatalogChanged(int? ProviderId, DateTime OccurredAt) : DomainEvent(OccurredAt);

/// <summary>Reacts to one kind of event (cache invalidation, live push, email...).</summary>
public interface IDomainEventHandler<in TEvent> where TEvent : DomainEvent
{
    Task HandleAsync(TEvent domainEvent, CancellationToken cancellationToken);
}

/// <summary>Hands committed events to every registered handler. Call only after the transaction commits.</summary>
public interface IDomainEventPublisher
{
    Task PublishAsync(IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken);
}

/// <summary>In-process dispatch; a failing handler is logged and does not undo the committed change or stop the others.</summary>
public sealed class DomainEventPublisher(IServiceProvider services, ILogger<DomainEventPublisher> logger) : IDomainEventPublisher
{
    public async Task PublishAsync(IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken)
    {
        foreach (var domainEvent in events)
        {
            var handlerType = typeof(IDomainEventHandler<>).MakeGenericType(domainEvent.GetType());
            foreach (var handler in services.GetServices(handlerType))
            {
                try
                {
                    await ((Task)handlerType.GetMethod(nameof(IDomainEventHandler<DomainEvent>.HandleAsync))!
                        .Invoke(handler, [domainEvent, cancellationToken])!);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogError(exception, "Handler {Handler} failed for {Event}", handler!.GetType().Name, domainEvent);
                }
            }
        }
    }
}
