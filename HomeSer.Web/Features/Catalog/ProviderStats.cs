using HomeSer.Web.Data;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Catalog;

/// <summary>
/// Keeps a provider's reliability and responsiveness counters current: one atomic UPDATE per status change, so the
/// ranking reads ready numbers instead of aggregating bookings at query time.
/// </summary>
public sealed class ProviderStats(HomeSerDbContext db, IDomainEventPublisher events) : IDomainEventHandler<BookingStatusChanged>
{
    public async Task HandleAsync(BookingStatusChanged domainEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        if (domainEvent.From == domainEvent.To)
        {
            return;
        }
        var providers = db.Providers.Where(p => p.Id == domainEvent.ProviderId);
        int updated;
        switch (domainEvent.To)
        {
            case BookingStatus.Confirmed when domainEvent.From == BookingStatus.Pending:
                // Only the first answer to a new booking measures responsiveness; re-confirming a move does not.
                var minutes = domainEvent.BookedAt is { } bookedAt ? Math.Max(0, (long)(domainEvent.OccurredAt - bookedAt).TotalMinutes) : 0;
                updated = await providers.ExecuteUpdateAsync(set => set
                    .SetProperty(p => p.ConfirmedCount, p => p.ConfirmedCount + 1)
                    .SetProperty(p => p.TotalConfirmMinutes, p => p.TotalConfirmMinutes + minutes), cancellationToken);
                break;
            case BookingStatus.Completed:
                updated = await providers.ExecuteUpdateAsync(set => set.SetProperty(p => p.CompletedCount, p => p.CompletedCount + 1), cancellationToken);
                break;
            case BookingStatus.NoShow:
                updated = await providers.ExecuteUpdateAsync(set => set.SetProperty(p => p.NoShowCount, p => p.NoShowCount + 1), cancellationToken);
                break;
            case BookingStatus.Cancelled when domainEvent.By == BookingParty.Provider:
                updated = await providers.ExecuteUpdateAsync(set => set.SetProperty(p => p.ProviderCancelledCount, p => p.ProviderCancelledCount + 1), cancellationToken);
                break;
            default:
                return;
        }
        if (updated > 0)
        {
            // The counters are search inputs; the UPDATE above is its own committed statement.
            await events.PublishAsync([new CatalogChanged(domainEvent.ProviderId, domainEvent.OccurredAt)], cancellationToken);
        }
    }
}
