using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Notifications;

namespace HomeSer.Web.Features.Search;

/// <summary>
/// A status change that moves a provider's reliability counters changes their ranking: refresh that provider in the
/// index. Subscribed after ProviderStats (see EventSubscribers), so the counters it reads are already updated.
/// </summary>
public sealed class SearchIndexCounters(SearchIndex index) : IDomainEventHandler<BookingStatusChanged>
{
    public Task HandleAsync(BookingStatusChanged domainEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        return BookingRules.CounterFor(domainEvent.From, domainEvent.To, domainEvent.By) == ProviderCounter.None
            ? Task.CompletedTask
            : index.HandleAsync(new CatalogChanged(domainEvent.ProviderId, domainEvent.OccurredAt), cancellationToken);
    }
}
