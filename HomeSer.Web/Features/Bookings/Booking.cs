using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Features.Notifications;
using HomeSer.Web.Features.Payments;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Infrastructure;

namespace HomeSer.Web.Features.Bookings;

/// <summary>How an actor relates to one booking; decides what they may do with it.</summary>
public enum BookingParty { None, Customer, Provider, Admin }

/// <summary>
/// A customer's booking of one provider's service for a span of time. The status only changes through the move methods,
/// each of which returns the reason it refuses (Forbidden, NotModifiable) or null after applying the move.
/// </summary>
public sealed class Booking : IRaisesEvents, IProviderOwned
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

    /// <summary>
    /// The iCalendar SEQUENCE of this booking's event: grows with each move a calendar must follow (confirm, a new time
    /// or place, cancellation), so a calendar app replaces what it had instead of keeping both.
    /// </summary>
    public int CalendarSequence { get; private set; }

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

    public bool IsFinal => BookingRules.IsFinal(Status);

    /// <summary>Events raised by the moves; written to the outbox in the transaction that saves them.</summary>
    public RaisedEvents Events { get; } = new();

    /// <summary>
    /// The address as this party may see it: the customer and admins all of it; the provider the street and access
    /// notes only once they have confirmed the booking (before that, postal code and city); nobody else anything.
    /// </summary>
    public ServiceAddress? AddressSeenBy(BookingParty party) => AddressSeenBy(Address, ConfirmedAt, party);

    /// <summary>The rule of <see cref="AddressSeenBy(BookingParty)"/> for rows projected in SQL.</summary>
    public static ServiceAddress? AddressSeenBy(ServiceAddress? address, DateTime? confirmedAt, BookingParty party) => party switch
    {
        BookingParty.Customer or BookingParty.Admin => address,
        BookingParty.Provider when confirmedAt is not null => address,
        BookingParty.Provider => address?.WithoutDoor(),
        _ => null,
    };

    /// <summary>The strongest relation the actor has to this booking (admin, then provider, then customer).</summary>
    public BookingParty PartyOf(Actor actor) => BookingRules.PartyOf(actor, ProviderId, CustomerId);

    /// <summary>Every move the actor may make now; each move method below asks the same rule.</summary>
    public BookingMoves AllowedMoves(Actor actor, DateTime now) => BookingRules.Allowed(Status, PartyOf(actor), TimingAt(now));

    /// <summary>Why the actor may not make this move now, or null.</summary>
    public DomainError? Refusal(BookingMoves move, Actor actor, DateTime now) => BookingRules.Refusal(move, Status, PartyOf(actor), TimingAt(now));

    /// <summary>Where now stands against this booking; its day is the provider's, so the provider must be loaded.</summary>
    public BookingTiming TimingAt(DateTime now) => BookingRules.TimingOf(StartUtc,
        Provider?.TimeZoneId ?? throw new InvalidOperationException("Load the booking's provider to judge its day."), now);

    public DomainError? Confirm(Actor actor, DateTime now) => Move(BookingMoves.Confirm, actor, now, () =>
    {
        ConfirmedAt = now;
        CalendarSequence++;
    });

    public DomainError? Start(Actor actor, DateTime now) => Move(BookingMoves.Start, actor, now, null);

    public DomainError? Complete(Actor actor, DateTime now) => Move(BookingMoves.Complete, actor, now, () => EndUtc = now);

    public DomainError? MarkNoShow(Actor actor, DateTime now) => Move(BookingMoves.NoShow, actor, now, null);

    public DomainError? Cancel(Actor actor, string? reason, DateTime now) =>
        Move(BookingMoves.Cancel, actor, now, () =>
        {
            CancellationReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
            CalendarSequence++;
        });

    /// <summary>The system gives up on a pending booking nobody confirmed in time (the move is the system's, not a party's).</summary>
    public DomainError? Expire(string reason, DateTime now)
    {
        if (Status != BookingStatus.Pending)
        {
            return DomainError.NotModifiable($"A {Status.ToWire()} booking cannot be expired.");
        }
        Apply(BookingStatus.Cancelled, BookingParty.Admin, now, () =>
        {
            CancellationReason = reason.Trim();
            CalendarSequence++;
        });
        return null;
    }

    /// <summary>Raises the creation event; called once the new booking is added.</summary>
    public void Created(DateTime now) => Raise(null, BookingParty.Customer, now);

    /// <summary>Moves the booking in time: pending stays pending, a confirmed booking waits for the provider again.</summary>
    public DomainError? ChangeTime(Actor actor, DateOnly bookingDate, DateTime startUtc, int durationMinutes, long priceCents, DateTime now,
        ServiceAddress? address = null) =>
        Move(BookingMoves.Reschedule, actor, now, () =>
        {
            BookingDate = bookingDate;
            StartUtc = startUtc;
            DurationMinutes = durationMinutes;
            ScheduledEndUtc = startUtc.AddMinutes(durationMinutes);
            Address = address ?? Address;
            PriceCents = priceCents;
            Payment?.Reprice(priceCents, now);
            CalendarSequence++;
            // Reminders were for the old time; the new one deserves its own.
            Reminder24hSentAt = null;
            Reminder1hSentAt = null;
        });

    public DomainError? EditCustomerNotes(Actor actor, string notes, DateTime now) =>
        Edit(BookingMoves.EditCustomerNotes, actor, now, () => CustomerNotes = notes);

    public DomainError? EditProviderNotes(Actor actor, string notes, DateTime now) =>
        Edit(BookingMoves.EditProviderNotes, actor, now, () => ProviderNotes = notes);

    /// <summary>
    /// Removes what a party who closed their account wrote or gave here (a customer's address and notes, a provider's
    /// notes); the booking itself stays for the other party's records.
    /// </summary>
    public void ForgetParty(BookingParty party, DateTime now)
    {
        switch (party)
        {
            case BookingParty.Customer:
                Address = null;
                CustomerNotes = "";
                break;
            case BookingParty.Provider:
                ProviderNotes = "";
                break;
            default:
                return;
        }
        Touch(now);
    }

    private DomainError? Move(BookingMoves move, Actor actor, DateTime now, Action? change)
    {
        var party = PartyOf(actor);
        if (BookingRules.Refusal(move, Status, party, TimingAt(now)) is { } refused)
        {
            return refused;
        }
        Apply(BookingRules.Target(move, Status), party, now, change);
        return null;
    }

    private DomainError? Edit(BookingMoves move, Actor actor, DateTime now, Action change)
    {
        if (BookingRules.Refusal(move, Status, PartyOf(actor), TimingAt(now)) is { } refused)
        {
            return refused;
        }
        change();
        Touch(now);
        return null;
    }

    private void Apply(BookingStatus next, BookingParty by, DateTime now, Action? change)
    {
        var before = Status;
        Status = next;
        change?.Invoke();
        Touch(now);
        Raise(before, by, now);
    }

    // The id of a new booking exists only once it is saved, so the event is built then (see RaisedEvents).
    private void Raise(BookingStatus? before, BookingParty by, DateTime now)
    {
        var to = Status;
        Events.Raise(() => new BookingStatusChanged(Id, ProviderId, CustomerId, before, to, now, by, CreatedAt));
    }

    private void Touch(DateTime now)
    {
        Version++;
        UpdatedAt = now;
    }
}
