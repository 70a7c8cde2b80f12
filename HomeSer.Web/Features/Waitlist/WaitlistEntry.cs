using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Notifications;
using HomeSer.Web.Infrastructure;

namespace HomeSer.Web.Features.Waitlist;

/// <summary>Where a waitlist entry stands; only <see cref="WaitlistEntry"/>'s moves change it.</summary>
public enum WaitlistStatus { Waiting, Offered, Claimed, Expired }

public static class WaitlistStatusNames
{
    public static string ToWire(this WaitlistStatus status) => status switch
    {
        WaitlistStatus.Waiting => "waiting",
        WaitlistStatus.Offered => "offered",
        WaitlistStatus.Claimed => "claimed",
        WaitlistStatus.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}

/// <summary>
/// A customer's place in line for a provider's service on one provider-local date, optionally inside a time window. When
/// time frees, the entry first in line that fits is offered a start, which is held for that customer until the offer
/// expires; the entry decides which of its moves are legal.
/// </summary>
public sealed class WaitlistEntry : IRaisesEvents
{
    public int Id { get; private set; }
    public int CustomerId { get; private set; }
    public int ProviderId { get; private set; }
    public int ServiceId { get; private set; }

    /// <summary>The provider-local date wanted.</summary>
    public DateOnly Date { get; private set; }

    /// <summary>Provider-local window on <see cref="Date"/> the visit must fit in; null ends mean the start or end of the day.</summary>
    public TimeOnly? Earliest { get; private set; }
    public TimeOnly? Latest { get; private set; }

    public WaitlistStatus Status { get; private set; }
    public DateTime CreatedAt { get; private set; }

    /// <summary>The place in line: when the entry joined, or when it let an offer lapse (it goes to the back then).</summary>
    public DateTime QueuedAt { get; private set; }

    public DateTime? OfferStartUtc { get; private set; }
    public DateTime? OfferEndUtc { get; private set; }
    public DateTime? OfferExpiresUtc { get; private set; }

    /// <summary>Where the offered visit would happen (the customer's home when the offer was made), for travel time around the hold.</summary>
    public double? OfferLat { get; private set; }
    public double? OfferLng { get; private set; }

    /// <summary>The start this entry last let lapse; it is not offered to the same entry again.</summary>
    public DateTime? LapsedStartUtc { get; private set; }

    public int? BookingId { get; private set; }
    public Booking? Booking { get; private set; }

    /// <summary>Concurrency token: a claim and an expiry of the same offer cannot both commit.</summary>
    public int Version { get; private set; } = 1;

    public DateTime UpdatedAt { get; private set; }

    public bool HoldsTime => Status == WaitlistStatus.Offered;

    public bool IsActive => Status is WaitlistStatus.Waiting or WaitlistStatus.Offered;

    /// <summary>Events this entry raised; written to the outbox when saved.</summary>
    public RaisedEvents Events { get; } = new();

    public static WaitlistEntry Join(int customerId, int providerId, int serviceId, DateOnly date, TimeOnly? earliest, TimeOnly? latest, DateTime now)
    {
        var entry = new WaitlistEntry
        {
            CustomerId = customerId,
            ProviderId = providerId,
            ServiceId = serviceId,
            Date = date,
            Earliest = earliest,
            Latest = latest,
            Status = WaitlistStatus.Waiting,
            CreatedAt = now,
            QueuedAt = now,
            UpdatedAt = now,
        };
        // Built at save, when the database has given the entry its id.
        entry.Events.Raise(() => new WaitlistJoined(entry.Id, providerId, date, now));
        return entry;
    }

    /// <summary>
    /// Whether a visit of [localStart, localEnd) on the provider's clock fits this entry's window: on its date, starting at
    /// or after <see cref="Earliest"/> and ending by <see cref="Latest"/>; a start it let lapse does not fit it again.
    /// </summary>
    public bool Fits(DateTime startUtc, DateTime localStart, DateTime localEnd)
    {
        if (DateOnly.FromDateTime(localStart) != Date || startUtc == LapsedStartUtc)
        {
            return false;
        }
        if (Earliest is { } earliest && TimeOnly.FromDateTime(localStart) < earliest)
        {
            return false;
        }
        if (Latest is { } latest)
        {
            // A visit running past midnight ends after any time of the day.
            return DateOnly.FromDateTime(localEnd) == Date && TimeOnly.FromDateTime(localEnd) <= latest;
        }
        return true;
    }

    /// <summary>Holds a start for this customer until <paramref name="expiresUtc"/>.</summary>
    public DomainError? Offer(DateTime startUtc, DateTime endUtc, DateTime expiresUtc, double? lat, double? lng, DateTime now)
    {
        if (Status != WaitlistStatus.Waiting)
        {
            return DomainError.NotModifiable($"A {Status.ToWire()} waitlist entry cannot be offered a time.");
        }
        Status = WaitlistStatus.Offered;
        OfferStartUtc = startUtc;
        OfferEndUtc = endUtc;
        OfferExpiresUtc = expiresUtc;
        OfferLat = lat;
        OfferLng = lng;
        Touch(now);
        return null;
    }

    /// <summary>Why the customer cannot claim the offer now, or null.</summary>
    public DomainError? ClaimRefusal(int customerId, DateTime now)
    {
        if (customerId != CustomerId)
        {
            return DomainError.NotFound("Waitlist entry");
        }
        if (Status != WaitlistStatus.Offered)
        {
            return DomainError.NotModifiable($"This waitlist entry is {Status.ToWire()}; only an offered time can be claimed.");
        }
        if (now >= OfferExpiresUtc)
        {
            return DomainError.NotModifiable("This offer has expired; the time was passed to the next customer in line.");
        }
        return null;
    }

    /// <summary>The offered start was booked as <paramref name="booking"/>.</summary>
    public DomainError? Claim(int customerId, Booking booking, DateTime now)
    {
        if (ClaimRefusal(customerId, now) is { } refused)
        {
            return refused;
        }
        Status = WaitlistStatus.Claimed;
        Booking = booking;
        Touch(now);
        return null;
    }

    /// <summary>An offer not claimed in time: the hold ends and the entry goes back to the end of the line.</summary>
    public bool Lapse(DateTime now)
    {
        if (Status != WaitlistStatus.Offered || now < OfferExpiresUtc)
        {
            return false;
        }
        LapsedStartUtc = OfferStartUtc;
        ClearOffer();
        Status = WaitlistStatus.Waiting;
        QueuedAt = now;
        Touch(now);
        return true;
    }

    /// <summary>The date has passed (provider-local <paramref name="today"/>): the entry ends, and any hold with it.</summary>
    public bool Expire(DateOnly today, DateTime now)
    {
        if (!IsActive || Date >= today)
        {
            return false;
        }
        ClearOffer();
        Status = WaitlistStatus.Expired;
        Touch(now);
        return true;
    }

    /// <summary>Only the customer who joined may leave the line (whatever the entry's state).</summary>
    public DomainError? WithdrawRefusal(int customerId) => customerId == CustomerId ? null : DomainError.NotFound("Waitlist entry");

    private void ClearOffer()
    {
        OfferStartUtc = null;
        OfferEndUtc = null;
        OfferExpiresUtc = null;
        OfferLat = null;
        OfferLng = null;
    }

    private void Touch(DateTime now)
    {
        Version++;
        UpdatedAt = now;
    }
}
