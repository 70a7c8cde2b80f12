using HomeSer.Web.Data;
using HomeSer.Web.Data.Outbox;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Catalog;

/// <summary>
/// Keeps a provider's reliability and responsiveness counters current: one atomic UPDATE per counted status change, so
/// the ranking reads ready numbers instead of aggregating bookings at query time. Runs once per event: the event id is
/// recorded in the counter's transaction, so a redelivered event counts nothing twice.
/// </summary>
public sealed class ProviderStats(HomeSerDbContext db, IWriterQueue writers, TimeProvider clock) : IDomainEventHandler<BookingStatusChanged>
{
    public const string ConsumerName = "provider-stats";

    public async Task HandleAsync(BookingStatusChanged domainEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        var counter = BookingRules.CounterFor(domainEvent.From, domainEvent.To, domainEvent.By);
        if (counter == ProviderCounter.None)
        {
            return;
        }

        using var turn = await writers.EnterAsync(db, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.ProcessedEvents.AnyAsync(p => p.EventId == domainEvent.EventId && p.Consumer == ConsumerName, cancellationToken))
        {
            return;
        }
        var providers = db.Providers.Where(p => p.Id == domainEvent.ProviderId);
        switch (counter)
        {
            case ProviderCounter.FirstConfirmation:
                var minutes = domainEvent.BookedAt is { } bookedAt ? Math.Max(0, (long)(domainEvent.OccurredAt - bookedAt).TotalMinutes) : 0;
                await providers.ExecuteUpdateAsync(set => set
                    .SetProperty(p => p.ConfirmedCount, p => p.ConfirmedCount + 1)
                    .SetProperty(p => p.TotalConfirmMinutes, p => p.TotalConfirmMinutes + minutes), cancellationToken);
                break;
            case ProviderCounter.Completed:
                await providers.ExecuteUpdateAsync(set => set.SetProperty(p => p.CompletedCount, p => p.CompletedCount + 1), cancellationToken);
                break;
            case ProviderCounter.NoShow:
                await providers.ExecuteUpdateAsync(set => set.SetProperty(p => p.NoShowCount, p => p.NoShowCount + 1), cancellationToken);
                break;
            case ProviderCounter.CancelledByProvider:
                await providers.ExecuteUpdateAsync(set => set.SetProperty(p => p.ProviderCancelledCount, p => p.ProviderCancelledCount + 1), cancellationToken);
                break;
        }
        db.ProcessedEvents.Add(new ProcessedEvent { EventId = domainEvent.EventId, Consumer = ConsumerName, ProcessedAt = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
