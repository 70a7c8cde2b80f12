using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Features.Payments;

namespace HomeSer.Web.Features.Bookings;

/// <summary>A customer's booking of one provider's service for a span of time.</summary>
public sealed class Booking
{
    public int Id { get; set; }
    public int ServiceId { get; set; }
    public Service? Service { get; set; }
    public int ProviderId { get; set; }
    public ProviderProfile? Provider { get; set; }
    public int CustomerId { get; set; }
    public AppUser? Customer { get; set; }

    public BookingStatus Status { get; set; }
    /// <summary>The provider-local date the booking starts on.</summary>
    public DateOnly BookingDate { get; set; }
    public DateTime StartUtc { get; set; }
    public int DurationMinutes { get; set; }
    /// <summary>StartUtc + DurationMinutes, stored so overlap queries stay in SQL.</summary>
    public DateTime ScheduledEndUtc { get; set; }
    /// <summary>Set when the job is completed.</summary>
    public DateTime? EndUtc { get; set; }

    public string CustomerNotes { get; set; } = "";
    public string ProviderNotes { get; set; } = "";
    public string? CancellationReason { get; set; }

    public long PriceCents { get; set; }
    public string Currency { get; set; } = "EUR";
    public Payment? Payment { get; set; }

    /// <summary>Client-supplied key that makes creation idempotent per customer.</summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>Concurrency token: bumped on every change; a stale version is a conflict.</summary>
    public int Version { get; set; } = 1;

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? ConfirmedAt { get; set; }
    public DateTime? Reminder24hSentAt { get; set; }
    public DateTime? Reminder1hSentAt { get; set; }
}
