using System.Globalization;

namespace HomeSer.Web.Features.Waitlist;

/// <summary>Configuration section <c>Waitlist</c>.</summary>
public sealed class WaitlistOptions
{
    /// <summary>How long an offered start is held for the customer it was offered to.</summary>
    public int HoldMinutes { get; set; } = 15;

    /// <summary>Active (waiting or offered) entries one customer may have at once.</summary>
    public int MaxActivePerCustomer { get; set; } = 20;
}

/// <summary>A join request as the domain sees it: times are provider-local on <see cref="Date"/>.</summary>
public sealed record JoinWaitlistCommand(int? ProviderId, int? ServiceId, DateOnly? Date, TimeOnly? Earliest, TimeOnly? Latest);

/// <summary>What a claim adds to the held start (all optional; the customer's home address is where the job is).</summary>
public sealed record ClaimOfferCommand(string? CustomerNotes, string? PaymentMethod, string? PaymentToken);

/// <summary>The held start of an offered entry.</summary>
public sealed record WaitlistOfferView(DateTime StartTime, DateTime EndTime, DateTime ExpiresAt);

/// <summary>The contract's waitlist entry; <c>earliest</c>/<c>latest</c> are provider-local <c>HH:mm</c> (null: the day's start or end).</summary>
public sealed record WaitlistEntryView(int Id, int Provider, int Service, DateOnly Date, string? Earliest, string? Latest, string Status,
    DateTime CreatedAt, WaitlistOfferView? Offer, int? Booking)
{
    public static WaitlistEntryView Of(WaitlistEntry entry) => new(entry.Id, entry.ProviderId, entry.ServiceId, entry.Date,
        Wire(entry.Earliest), Wire(entry.Latest), entry.Status.ToWire(), entry.CreatedAt,
        entry is { Status: WaitlistStatus.Offered, OfferStartUtc: { } start, OfferEndUtc: { } end, OfferExpiresUtc: { } expires }
            ? new WaitlistOfferView(start, end, expires)
            : null,
        entry.BookingId);

    public static string? Wire(TimeOnly? time) => time?.ToString("HH:mm", CultureInfo.InvariantCulture);
}
