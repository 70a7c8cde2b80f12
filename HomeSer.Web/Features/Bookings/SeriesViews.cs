using HomeSer.Web.Features.Scheduling;

namespace HomeSer.Web.Features.Bookings;

/// <summary>What the domain sees of a series create: the single create's fields plus how it repeats.</summary>
public sealed record CreateSeriesCommand(CreateBookingCommand Booking, string? Frequency, int? Count, bool RecurrenceSent, bool AllowPartial);

/// <summary>The contract's <c>recurrence</c>.</summary>
public sealed record RecurrenceView(string Frequency, int Count);

/// <summary>A visit that could not be booked: when, why (the single create's <c>reason</c>), and the nearest free starts.</summary>
public sealed record SeriesConflict(DateTime StartTime, string Reason, IReadOnlyList<SlotView> Alternatives);

/// <summary>
/// The contract's series object: <c>{id, recurrence, bookings, skipped}</c>, plus who and what it is for and its
/// provider-local time of day.
/// </summary>
public sealed record SeriesView(int Id, int Service, int Provider, int Customer, RecurrenceView Recurrence, DateTime StartTime, string LocalTime,
    string Timezone, int Duration, IReadOnlyList<BookingView> Bookings, IReadOnlyList<SeriesConflict> Skipped, DateTime CreatedAt)
{
    public static SeriesView Of(BookingSeries series, IEnumerable<Booking> bookings, BookingParty viewer, IReadOnlyList<SeriesConflict>? skipped = null) =>
        new(series.Id, series.ServiceId, series.ProviderId, series.CustomerId, new RecurrenceView(series.Frequency.ToWire(), series.Count),
            series.FirstStartUtc, series.LocalStartTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), series.TimeZoneId,
            series.DurationMinutes, bookings.OrderBy(b => b.StartUtc).Select(b => BookingView.Of(b, viewer)).ToList(),
            skipped ?? series.Skipped.Select(s => new SeriesConflict(s.StartTime, s.Reason, [])).ToList(), series.CreatedAt);
}

/// <summary>Replayed: an idempotent retry answered with the series the first request made.</summary>
public sealed record CreatedSeries(SeriesView Series, bool Replayed);
