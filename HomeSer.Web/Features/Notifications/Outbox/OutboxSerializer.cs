using System.Text.Json;
using HomeSer.Web.Data.Outbox;

namespace HomeSer.Web.Features.Notifications.Outbox;

/// <summary>Events to and from outbox rows: the type's short name and its JSON.</summary>
public static class OutboxSerializer
{
    private static readonly Dictionary<string, Type> Types = new[]
    {
        typeof(BookingStatusChanged), typeof(AvailabilityChanged), typeof(NotificationCreated), typeof(CatalogChanged),
        typeof(WaitlistJoined),
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    public static OutboxEntry ToEntry(DomainEvent domainEvent)
    {
        var type = domainEvent.GetType();
        if (!Types.ContainsKey(type.Name))
        {
            throw new InvalidOperationException($"{type.Name} is not an outbox event; add it to OutboxSerializer.");
        }
        return new OutboxEntry(domainEvent, type.Name, domainEvent.Stream, JsonSerializer.Serialize(domainEvent, type, Json));
    }

    public static DomainEvent FromRow(OutboxMessage row) => Read(row.Type, row.Payload);

    /// <summary>An event from its type name and JSON, as <see cref="ToEntry"/> wrote them (outbox rows, the change feed).</summary>
    public static DomainEvent Read(string typeName, string payload) =>
        Types.TryGetValue(typeName, out var type)
            ? (DomainEvent)JsonSerializer.Deserialize(payload, type, Json)!
            : throw new InvalidOperationException($"Unknown outbox event type '{typeName}'.");
}
