using System.Globalization;
using System.Text.Json.Serialization;
using HomeSer.Web.Features.Bookings;

namespace HomeSer.Web.Features.Notifications;

/// <summary>
/// Something that happened; written to the outbox in the transaction of the change and delivered after commit, at least
/// once, in order per <see cref="Stream"/>. <see cref="EventId"/> lets a consumer recognise a redelivery.
/// </summary>
public abstract record DomainEvent(DateTime OccurredAt)
{
    public string EventId { get; init; } = Guid.NewGuid().ToString("N");

    /// <summary>The aggregate whose events must arrive in order (e.g. <c>booking:12</c>).</summary>
    [JsonIgnore]
    public abstract string Stream { get; }
}

/// <summary>
/// Seed event <c>booking.status_updated</c> on <c>bookings:{id}</c>; also raised for a time change without a status change.
/// <paramref name="By"/> is the party that made the move (Admin also for the system's expiry) and
/// <paramref name="BookedAt"/> when the booking was created; both are null where unknown.
/// </summary>
public sealed record BookingStatusChanged(int BookingId, int ProviderId, int CustomerId, BookingStatus? From, BookingStatus To, DateTime OccurredAt,
    BookingParty? By = null, DateTime? BookedAt = null)
    : DomainEvent(OccurredAt)
{
    public override string Stream => string.Create(CultureInfo.InvariantCulture, $"booking:{BookingId}");
}

/// <summary>Seed event <c>availability.updated</c> on <c>providers:{id}</c>: these provider-local dates changed.</summary>
public sealed record AvailabilityChanged(int ProviderId, IReadOnlyList<DateOnly> Dates, DateTime OccurredAt) : DomainEvent(OccurredAt)
{
    public override string Stream => string.Create(CultureInfo.InvariantCulture, $"provider:{ProviderId}");
}

/// <summary>A customer joined a waitlist for this provider-local date: time already free in its window is offered at once.</summary>
public sealed record WaitlistJoined(int EntryId, int ProviderId, DateOnly Date, DateTime OccurredAt) : DomainEvent(OccurredAt)
{
    // The provider's stream: ordered with the calendar changes the offer reads.
    public override string Stream => string.Create(CultureInfo.InvariantCulture, $"provider:{ProviderId}");
}

/// <summary>Seed event <c>notification.created</c> on <c>notifications:{user_id}</c>; also what mails the notification.</summary>
public sealed record NotificationCreated(int NotificationId, int UserId, DateTime OccurredAt) : DomainEvent(OccurredAt)
{
    public override string Stream => string.Create(CultureInfo.InvariantCulture, $"user:{UserId}");
}

/// <summary>
/// What search indexes about a provider changed (its services, service area, verification or activity, rating, or
/// booking counters); a null <paramref name="ProviderId"/> means the categories changed. Invalidates
/// <c>Search/SearchIndex</c> on every node that receives it.
/// </summary>
public sealed record CatalogChanged(int? ProviderId, DateTime OccurredAt) : DomainEvent(OccurredAt)
{
    public override string Stream => ProviderId is { } id ? string.Create(CultureInfo.InvariantCulture, $"provider:{id}") : "catalog";
}

/// <summary>Reacts to one kind of event (cache invalidation, live push, email...). Must tolerate a redelivery.</summary>
public interface IDomainEventHandler<in TEvent> where TEvent : DomainEvent
{
    Task HandleAsync(TEvent domainEvent, CancellationToken cancellationToken);
}

/// <summary>An entity that raises events; the outbox interceptor collects them when the entity is saved.</summary>
public interface IRaisesEvents
{
    RaisedEvents Events { get; }
}

/// <summary>
/// Events an entity raised and not yet saved. Each is built when it is saved, so a new entity's event carries the id the
/// database gave it.
/// </summary>
public sealed class RaisedEvents
{
    private readonly List<Func<DomainEvent>> _pending = [];

    public bool Any => _pending.Count > 0;

    public void Raise(Func<DomainEvent> domainEvent) => _pending.Add(domainEvent);

    public void Raise(DomainEvent domainEvent) => _pending.Add(() => domainEvent);

    public List<DomainEvent> Take()
    {
        var events = _pending.Select(build => build()).ToList();
        _pending.Clear();
        return events;
    }

    public void Discard() => _pending.Clear();
}
