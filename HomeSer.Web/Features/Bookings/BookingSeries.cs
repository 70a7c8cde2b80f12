using System.Text.Json;
using HomeSer.Web.Features.Scheduling;

namespace HomeSer.Web.Features.Bookings;

/// <summary>A visit of a series that was not booked (an allow_partial create), and why.</summary>
public sealed record SkippedVisit(DateTime StartTime, string Reason);

/// <summary>
/// A customer's recurring visits with one provider: the same service at the same provider-local wall-clock time every
/// 1, 2 or 4 weeks. Each visit is an ordinary <see cref="Booking"/> carrying the series' id, so its lifecycle, payment,
/// reminders and calendar file are a single booking's; the series only remembers how it was asked for.
/// </summary>
public sealed class BookingSeries
{
    private string _skipped = "[]";

    public int Id { get; set; }
    public int CustomerId { get; private set; }
    public int ProviderId { get; private set; }
    public int ServiceId { get; private set; }
    public RecurrenceFrequency Frequency { get; private set; }
    public int Count { get; private set; }
    /// <summary>The first visit's start; every other visit is at its wall-clock time in <see cref="TimeZoneId"/>.</summary>
    public DateTime FirstStartUtc { get; private set; }
    public TimeOnly LocalStartTime { get; private set; }
    public string TimeZoneId { get; private set; } = "";
    public int DurationMinutes { get; private set; }
    public string CustomerNotes { get; private set; } = "";
    public bool AllowPartial { get; private set; }
    /// <summary>Client-supplied key that makes creating the series idempotent per customer.</summary>
    public string? IdempotencyKey { get; private set; }
    public DateTime CreatedAt { get; private set; }

    public List<Booking> Bookings { get; } = [];

    public IReadOnlyList<SkippedVisit> Skipped => JsonSerializer.Deserialize<List<SkippedVisit>>(_skipped) ?? [];

    public static BookingSeries Create(int customerId, int providerId, int serviceId, RecurrenceFrequency frequency, int count,
        DateTime firstStartUtc, string timeZoneId, int durationMinutes, string customerNotes, bool allowPartial, string? idempotencyKey,
        IReadOnlyList<SkippedVisit> skipped, DateTime now) => new()
        {
            CustomerId = customerId,
            ProviderId = providerId,
            ServiceId = serviceId,
            Frequency = frequency,
            Count = count,
            FirstStartUtc = firstStartUtc,
            LocalStartTime = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(firstStartUtc, TimeZoneInfo.FindSystemTimeZoneById(timeZoneId))),
            TimeZoneId = timeZoneId,
            DurationMinutes = durationMinutes,
            CustomerNotes = customerNotes,
            AllowPartial = allowPartial,
            IdempotencyKey = idempotencyKey,
            _skipped = JsonSerializer.Serialize(skipped),
            CreatedAt = now,
        };

    /// <summary>The strongest relation the actor has to the series: the same as to each of its bookings.</summary>
    public BookingParty PartyOf(Accounts.Actor actor) => BookingRules.PartyOf(actor, ProviderId, CustomerId);
}
