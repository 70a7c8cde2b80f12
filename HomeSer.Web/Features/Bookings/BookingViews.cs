using HomeSer.Web.Features.Payments;

namespace HomeSer.Web.Features.Bookings;

/// <summary>Without <paramref name="Address"/> the customer's home address is used (and none at all is allowed).</summary>
public sealed record CreateBookingCommand(int? ServiceId, int? ProviderId, DateOnly? BookingDate, DateTime? StartTime, int? Duration,
    string? CustomerNotes, string? PaymentMethod, string? PaymentToken, string? IdempotencyKey, AddressInput? Address = null)
{
    /// <summary>Set when the create claims a waitlist hold (never from the wire).</summary>
    public HoldClaim? Claim { get; init; }
}

/// <summary>A partial update; null means unchanged. Version is the booking version the client last saw.</summary>
public sealed record BookingPatch(string? CustomerNotes, string? ProviderNotes, DateTime? StartTime, int? Duration, int? Version,
    AddressInput? Address = null);

public sealed record BookingListQuery(string? Status, int Page = 1, int PageSize = 20);

public sealed record PaymentView(string Status, string Method, long AmountCents);

/// <summary>The contract's booking object; property names map 1:1 to its snake_case fields.</summary>
public sealed record BookingView(int Id, int Service, int Provider, int Customer, string Status, DateOnly BookingDate, DateTime StartTime,
    int Duration, DateTime ScheduledEndTime, DateTime? EndTime, AddressView? Address, string CustomerNotes, string ProviderNotes, string? CancellationReason,
    long PriceCents, string Currency, PaymentView Payment, int Version, DateTime CreatedAt, DateTime UpdatedAt, int? Series = null)
{
    /// <summary>The booking as <paramref name="viewer"/> may see it (the address depends on who asks and on the status).</summary>
    public static BookingView Of(Booking b, BookingParty viewer) => new(b.Id, b.ServiceId, b.ProviderId, b.CustomerId, b.Status.ToWire(), b.BookingDate,
        b.StartUtc, b.DurationMinutes, b.ScheduledEndUtc, b.EndUtc,
        AddressView.Of(b.AddressSeenBy(viewer), b.Provider is { } provider ? new Scheduling.GeoPoint(provider.Latitude, provider.Longitude) : null),
        b.CustomerNotes, b.ProviderNotes, b.CancellationReason,
        b.PriceCents, b.Currency,
        b.Payment is { } p
            ? new PaymentView(p.Status.ToWire(), p.Method.ToWire(), p.AmountCents)
            : new PaymentView(PaymentStatus.Pending.ToWire(), PaymentMethod.OnCompletion.ToWire(), b.PriceCents),
        b.Version, b.CreatedAt, b.UpdatedAt, b.SeriesId ?? b.Series?.Id);
}

/// <summary>Replayed: an idempotent retry answered with the booking the first request made.</summary>
public sealed record CreatedBooking(BookingView Booking, bool Replayed);

public sealed record PageOf<T>(int Count, IReadOnlyList<T> Results);

/// <summary>Booking rules from configuration section <c>Bookings</c>.</summary>
public sealed class BookingOptions
{
    /// <summary>A pending booking the provider has not confirmed within this many hours of its creation expires.</summary>
    public int PendingExpiryHours { get; set; } = 24;

    /// <summary>
    /// On SQLite, queue this process's calendar writers instead of letting them meet at the file lock (faster; the
    /// database checks still decide). Off, correctness rests on the lock and the ScheduleVersion token alone, as it
    /// does between processes and on PostgreSQL.
    /// </summary>
    public bool QueueSqliteWriters { get; set; } = true;

    /// <summary>Pending (unconfirmed) bookings one customer may hold at once, so a flood of accounts cannot block calendars.</summary>
    public int MaxPendingPerCustomer { get; set; } = 10;
}
