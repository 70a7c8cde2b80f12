using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Features.Payments;
using HomeSer.Web.Infrastructure;

namespace HomeSer.Web.Features.Bookings;

/// <summary>How an actor relates to one booking; decides what they may do with it.</summary>
public enum BookingParty { None, Customer, Provider, Admin }

/// <summary>
/// A customer's booking of one provider's service for a span of time. The status only changes through the move methods,
/// each of which returns the reason it refuses (Forbidden, NotModifiable) or null after applying the move.
/// </summary>
public sealed class Booking
{
    public int Id { get; set; }
    public int ServiceId { get; private set; }
    public Service? Service { get; set; }
    public int ProviderId { get; private set; }
    public ProviderProfile? Provider { get; set; }
    public int CustomerId { get; private set; }
    public AppUser? Customer { get; set; }

    public BookingStatus Status { get; private set; }
    /// <summary>The provider-local date the booking starts on.</summary>
    public DateOnly BookingDate { get; private set; }
    public DateTime StartUtc { get; private set; }
    public int DurationMinutes { get; private set; }
    /// <summary>StartUtc + DurationMinutes, stored so overlap queries stay in SQL.</summary>
    public DateTime ScheduledEndUtc { get; private set; }
    /// <summary>Set when the job is completed.</summary>
    public DateTime? EndUtc { get; private set; }

    /// <summary>Where the job happens; null for a booking made without an address (the buffer alone applies then).</summary>
    public ServiceAddress? Address { get; private set; }

    public string CustomerNotes { get; private set; } = "";
    public string ProviderNotes { get; private set; } = "";
    public string? CancellationReason { get; private set; }

    public long PriceCents { get; private set; }
    public string Currency { get; private set; } = "EUR";
    public Payment? Payment { get; set; }

    /// <summary>Client-supplied key that makes creation idempotent per customer.</summary>
    public string? IdempotencyKey { get; private set; }

    /// <summary>Concurrency token: bumped on every change; a stale version is a conflict.</summary>
    public int Version { get; private set; } = 1;

    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public DateTime? ConfirmedAt { get; private set; }
    public DateTime? Reminder24hSentAt { get; set; }
    public DateTime? Reminder1hSentAt { get; set; }

    /// <summary>A new pending booking; the caller has validated the time and checked it is free.</summary>
    public static Booking Create(int serviceId, int providerId, int customerId, DateOnly bookingDate, DateTime startUtc,
        int durationMinutes, string customerNotes, long priceCents, string currency, string? idempotencyKey, Payment payment, DateTime now,
        ServiceAddress? address = null) => new()
        {
            Address = address,
            ServiceId = serviceId,
            ProviderId = providerId,
            CustomerId = customerId,
            Status = BookingStatus.Pending,
            BookingDate = bookingDate,
            StartUtc = startUtc,
            DurationMinutes = durationMinutes,
            ScheduledEndUtc = startUtc.AddMinutes(durationMinutes),
            CustomerNotes = customerNotes,
            PriceCents = priceCents,
            Currency = currency,
            IdempotencyKey = idempotencyKey,
            Payment = payment,
            CreatedAt = now,
            UpdatedAt = now,
        };

    /// <summary>Demo data only: a booking already in any state, as if its history had happened.</summary>
    internal static Booking Seeded(int serviceId, int providerId, int customerId, DateOnly bookingDate, DateTime startUtc, int durationMinutes,
        long priceCents, string currency, BookingStatus status, Payment payment, DateTime createdAt, DateTime now,
        string customerNotes = "", DateTime? confirmedAt = null, DateTime? endUtc = null, ServiceAddress? address = null)
    {
        var booking = Create(serviceId, providerId, customerId, bookingDate, startUtc, durationMinutes, customerNotes, priceCents, currency, null, payment, createdAt, address);
        booking.Status = status;
        booking.ConfirmedAt = confirmedAt;
        booking.EndUtc = endUtc;
        booking.UpdatedAt = now;
        return booking;
    }

    /// <summary>The one definition, for queries, of a booking that holds the provider's time (see <see cref="BookingStatusNames.HoldsTime"/>).</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Booking, bool>> HoldsProviderTime = b =>
        b.Status == BookingStatus.Pending || b.Status == BookingStatus.Confirmed
        || b.Status == BookingStatus.Rescheduled || b.Status == BookingStatus.InProgress;

    public bool IsFinal => Status is BookingStatus.Completed or BookingStatus.Cancelled or BookingStatus.NoShow;

    /// <summary>
    /// The address as this party may see it: the customer and admins all of it; the provider the street and access
    /// notes only once they have confirmed the booking (before that, postal code and city); nobody else anything.
    /// </summary>
    public ServiceAddress? AddressSeenBy(BookingParty party) => party switch
    {
        BookingParty.Customer or BookingParty.Admin => Address,
        BookingParty.Provider when ConfirmedAt is not null => Address,
        BookingParty.Provider => Address?.WithoutDoor(),
        _ => null,
    };

    /// <summary>The strongest relation the actor has to this booking (admin, then provider, then customer).</summary>
    public BookingParty PartyOf(Actor actor) =>
        actor.IsAdmin ? BookingParty.Admin
        : actor.ProviderId == ProviderId ? BookingParty.Provider
        : actor.UserId == CustomerId ? BookingParty.Customer
        : BookingParty.None;

    public DomainError? Confirm(Actor actor, DateTime now)
    {
        if (RequireProviderSide(actor, "confirm") is { } refused)
        {
            return refused;
        }

        if (Status is not (BookingStatus.Pending or BookingStatus.Rescheduled))
        {
            return Illegal("confirmed");
        }

        Status = BookingStatus.Confirmed;
        ConfirmedAt = now;
        Touch(now);
        return null;
    }

    public DomainError? Start(Actor actor, DateTime now)
    {
        if (RequireProviderSide(actor, "start") is { } refused)
        {
            return refused;
        }

        if (Status != BookingStatus.Confirmed)
        {
            return Illegal("started");
        }

        Status = BookingStatus.InProgress;
        Touch(now);
        return null;
    }

    public DomainError? Complete(Actor actor, DateTime now)
    {
        if (RequireProviderSide(actor, "complete") is { } refused)
        {
            return refused;
        }

        if (Status != BookingStatus.InProgress)
        {
            return Illegal("completed");
        }

        Status = BookingStatus.Completed;
        EndUtc = now;
        Touch(now);
        return null;
    }

    public DomainError? MarkNoShow(Actor actor, DateTime now)
    {
        if (RequireProviderSide(actor, "mark as no-show") is { } refused)
        {
            return refused;
        }

        if (Status != BookingStatus.Confirmed)
        {
            return Illegal("marked as no-show");
        }

        if (now < StartUtc)
        {
            return DomainError.NotModifiable("A booking can only be marked as no-show after its start time.");
        }

        Status = BookingStatus.NoShow;
        Touch(now);
        return null;
    }

    public DomainError? Cancel(Actor actor, string? reason, DateTime now)
    {
        if (PartyOf(actor) == BookingParty.None)
        {
            return DomainError.Forbidden("Only the booking's customer, its provider or an admin can cancel it.");
        }

        return CancelBecause(reason, now);
    }

    /// <summary>The system gives up on a pending booking nobody confirmed in time.</summary>
    public DomainError? Expire(string reason, DateTime now) =>
        Status == BookingStatus.Pending ? CancelBecause(reason, now) : Illegal("expired");

    /// <summary>Moves the booking in time: pending stays pending, a confirmed booking waits for the provider again.</summary>
    public DomainError? ChangeTime(Actor actor, DateOnly bookingDate, DateTime startUtc, int durationMinutes, long priceCents, DateTime now,
        ServiceAddress? address = null)
    {
        if (PartyOf(actor) == BookingParty.None)
        {
            return DomainError.Forbidden("Only the booking's parties can reschedule it.");
        }

        var next = Status switch
        {
            BookingStatus.Pending => BookingStatus.Pending,
            BookingStatus.Confirmed or BookingStatus.Rescheduled => BookingStatus.Rescheduled,
            _ => (BookingStatus?)null,
        };
        if (next is null)
        {
            return Illegal("rescheduled");
        }

        Status = next.Value;
        BookingDate = bookingDate;
        StartUtc = startUtc;
        DurationMinutes = durationMinutes;
        ScheduledEndUtc = startUtc.AddMinutes(durationMinutes);
        Address = address ?? Address;
        PriceCents = priceCents;
        Payment?.Reprice(priceCents, now);
        // Reminders were for the old time; the new one deserves its own.
        Reminder24hSentAt = null;
        Reminder1hSentAt = null;
        Touch(now);
        return null;
    }

    public DomainError? EditCustomerNotes(Actor actor, string notes, DateTime now)
    {
        if (PartyOf(actor) is not (BookingParty.Customer or BookingParty.Admin))
        {
            return DomainError.Forbidden("Only the booking's customer can change customer_notes.");
        }

        if (IsFinal)
        {
            return Illegal("edited");
        }

        CustomerNotes = notes;
        Touch(now);
        return null;
    }

    public DomainError? EditProviderNotes(Actor actor, string notes, DateTime now)
    {
        if (PartyOf(actor) is not (BookingParty.Provider or BookingParty.Admin))
        {
            return DomainError.Forbidden("Only the booking's provider can change provider_notes.");
        }

        if (IsFinal)
        {
            return Illegal("edited");
        }

        ProviderNotes = notes;
        Touch(now);
        return null;
    }

    private DomainError? CancelBecause(string? reason, DateTime now)
    {
        if (Status is not (BookingStatus.Pending or BookingStatus.Confirmed or BookingStatus.Rescheduled))
        {
            return Illegal("cancelled");
        }

        Status = BookingStatus.Cancelled;
        CancellationReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        Touch(now);
        return null;
    }

    private DomainError? RequireProviderSide(Actor actor, string verb) => PartyOf(actor) switch
    {
        BookingParty.Provider or BookingParty.Admin => null,
        _ => DomainError.Forbidden($"Only the booking's provider or an admin can {verb} it."),
    };

    private DomainError Illegal(string what) =>
        DomainError.NotModifiable($"A {Status.ToWire()} booking cannot be {what}.");

    private void Touch(DateTime now)
    {
        Version++;
        UpdatedAt = now;
    }
}
