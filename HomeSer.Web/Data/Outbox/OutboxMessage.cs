namespace HomeSer.Web.Data.Outbox;

/// <summary>
/// One domain event, written in the transaction of the change that raised it and delivered after commit by the
/// dispatcher, which marks it dispatched. Undispatched rows are what a restart still has to deliver.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public string EventId { get; set; } = "";
    /// <summary>The event's type name (see OutboxSerializer).</summary>
    public string Type { get; set; } = "";
    /// <summary>Rows of one stream are delivered in Id order (e.g. <c>booking:12</c>).</summary>
    public string Stream { get; set; } = "";
    public string Payload { get; set; } = "";
    public DateTime OccurredAt { get; set; }
    public DateTime? DispatchedAt { get; set; }
    public int Attempts { get; set; }
    public DateTime? NextAttemptAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>That a once-only consumer has handled an event; its key makes a redelivery a no-op.</summary>
public sealed class ProcessedEvent
{
    public string EventId { get; set; } = "";
    public string Consumer { get; set; } = "";
    public DateTime ProcessedAt { get; set; }
}
