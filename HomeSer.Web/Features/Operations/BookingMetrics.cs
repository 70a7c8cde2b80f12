using HomeSer.Web.Features.Notifications;

namespace HomeSer.Web.Features.Operations;

/// <summary>Counts created bookings from their creation event, so every way of booking (single, series, waitlist claim) counts once.</summary>
public sealed class BookingMetrics : IDomainEventHandler<BookingStatusChanged>
{
    public Task HandleAsync(BookingStatusChanged domainEvent, CancellationToken cancellationToken)
    {
        if (domainEvent.From is null)
        {
            HomeSerMetrics.BookingCreated();
        }
        return Task.CompletedTask;
    }
}
