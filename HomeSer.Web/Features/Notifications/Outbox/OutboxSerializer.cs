using System.Text.Json;
using HomeSer.Web.Data.Outbox;

namespace HomeSer.Web.Features.Notifications.Outbox;

/// <summary>Events to and from outbox rows: the type's short name and its JSON.</summary>
public static class OutboxSerializer
{
    private static readonly Dictionary<string, Type> Types = new[]
    {
        typeof(BookingStatusChanged), typeof(AvailabilityChanged), typeof(NotificationCreated), typeof(CatalogChanged),
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    public static OutboxEntry ToEntry(DomainEvent domainEvent)
    {
        var type = domainEvent.GetType();
        if (!Types.ContainsKey(type.Name))
        {
            throw new InvalidOperationException($"{type.Name} is not an outbox event; add it to OutboxSerializer.");
        }
        return new OutboxEntry(domainEvent.EventId, type.Name, domainEvent.Stream, JsonSerializer.Serialize(domainEvent, type, Json), domainEvent.OccurredAt);
    }

    public static DomainEvent FromRow(OutboxMessage row) =>
        Types.TryGetValue(row.Type, out var type)
            ? (DomainEvent)JsonSerializer.Deserialize(row.Payload, type, Json)!
            : throw new InvalidOperationException($"Unknown outbox event type '{row.Type}'.");
}
