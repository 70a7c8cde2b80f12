using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Notifications;
using HomeSer.Web.Features.Payments;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HomeSer.Web.Features.Bookings;

/// <summary>
/// Recurring visits: books every visit of a series in one <see cref="CalendarTransaction"/> (one writer turn, one commit,
/// the creation events of each booking in the outbox), checked with the engine and validation a single booking uses, and
/// cancels a series from a date on through each booking's own cancel move.
/// </summary>
public sealed class BookingSeriesService(
    HomeSerDbContext db,
    BookingValidationService validation,
    CalendarLoader calendars,
    CalendarTransaction calendar,
    BookingService bookings,
    AvailabilityService availability,
    TimeProvider clock,
    IOptions<BookingOptions> bookingOptions)
{
    /// <summary>The problem member listing the visits that could not be booked.</summary>
    public const string ConflictsMember = "conflicts";

    public async Task<Result<CreatedSeries>> CreateAsync(Actor actor, CreateSeriesCommand command, CancellationToken ct)
    {
        if (!actor.IsCustomer)
        {
            return DomainError.Forbidden("Only customers can book.");
        }
        var now = Now();
        var key = string.IsNullOrWhiteSpace(command.Booking.IdempotencyKey) ? null : command.Booking.IdempotencyKey.Trim();
        command = command with { Booking = command.Booking with { IdempotencyKey = key } };
        if (key is not null && await FindByKeyAsync(actor.UserId, key, ct) is { } earlier)
        {
            return Replay(earlier, command);
        }

        // The series' own fields, then every rule of a single create for its first visit, reported together.
        var errors = new FieldErrors();
        var recurrence = ValidateRecurrence(command, errors);
        var single = command.Booking;
        if (PaymentNames.TryParseMethod(single.PaymentMethod, out var method) && method == PaymentMethod.Card)
        {
            // A card hold lapses within days, long before the later visits: each visit is paid on its completion.
            errors.Add("payment_method", "Recurring visits are paid on completion of each visit; pay by card for single bookings.");
            single = single with { PaymentMethod = null, PaymentToken = null };
        }
        var precheck = await validation.ValidateCreateAsync(actor, single, now, track: false, ct);
        if (precheck.Error is { Kind: ErrorKind.Validation, Fields: { } fields })
        {
            foreach (var (field, messages) in fields)
            {
                foreach (var message in messages)
                {
                    errors.Add(field, message);
                }
            }
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        if (precheck.Error is { } invalid)
        {
            return invalid;
        }
        command = command with { Booking = single };

        Result<CreatedSeries> result;
        try
        {
            result = await calendar.RunAsync(attemptCt => CreateInTransactionAsync(actor, command, recurrence!.Value, now, attemptCt), ct);
        }
        catch (DbUpdateException) when (key is not null)
        {
            // A concurrent request with the same key inserted first: the unique index (CustomerId, IdempotencyKey) said so.
            db.ChangeTracker.Clear();
            result = await FindByKeyAsync(actor.UserId, key, ct) is { } winner
                ? Replay(winner, command)
                : throw new InvalidOperationException("Series insert failed without a series holding its idempotency key.");
        }

        var draft = precheck.Value!;
        if (result.Error is { } refused)
        {
            return refused.Extensions?.GetValueOrDefault(ConflictsMember) is IReadOnlyList<SeriesConflict> conflicts
                ? refused.With(ConflictsMember, await WithAlternativesAsync(conflicts, draft, ct))
                : refused;
        }
        var created = result.Value!;
        if (created.Series.Skipped.Count > 0 && !created.Replayed)
        {
            created = created with { Series = created.Series with { Skipped = await WithAlternativesAsync(created.Series.Skipped, draft, ct) } };
        }
        return created;
    }

    private async Task<Result<CreatedSeries>> CreateInTransactionAsync(Actor actor, CreateSeriesCommand command,
        (RecurrenceFrequency Frequency, int Count) recurrence, DateTime now, CancellationToken ct)
    {
        if (command.Booking.IdempotencyKey is { } key && await FindByKeyAsync(actor.UserId, key, ct) is { } earlier)
        {
            return Replay(earlier, command);
        }
        if (await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Where(ClosedAccounts.IsClosed).AnyAsync(ct))
        {
            return DomainError.Forbidden("This account is closed.");
        }

        // Everything again inside the writer turn: the provider is tracked, so this series' version bump commits only
        // if no other writer changed the calendar since it was read (CalendarTransaction retries otherwise).
        var validated = await validation.ValidateCreateAsync(actor, command.Booking, now, track: true, ct);
        if (validated.Error is { } invalid)
        {
            return invalid;
        }
        var draft = validated.Value!;
        var schedule = draft.Schedule;
        var place = draft.Address?.Place;
        var occurrences = Recurrence.Occurrences(schedule.TimeZoneId, draft.StartUtc, recurrence.Frequency, recurrence.Count);

        // One read of everything that can block any visit: from the first visit to the last, widened by the longest gap.
        var lastStart = occurrences.Select(o => o.StartUtc).OfType<DateTime>().Max();
        var range = new UtcInterval(AvailabilityEngine.UtcRangeAffecting(schedule, draft.StartUtc, draft.DurationMinutes).Start,
            AvailabilityEngine.UtcRangeAffecting(schedule, lastStart, draft.DurationMinutes).End);
        var blocking = await calendars.BlockingAsync(draft.Provider.Id, range, null, ct);
        var busy = blocking.Busy.ToList();
        var accepted = new List<DateTime>();
        var skipped = new List<SkippedVisit>();
        foreach (var occurrence in occurrences)
        {
            if (occurrence.StartUtc is not { } start)
            {
                skipped.Add(new SkippedVisit(GapStandIn(draft.StartUtc, occurrence, recurrence.Frequency), SeriesReasons.NoSuchLocalTime));
                continue;
            }
            var verdict = AvailabilityEngine.CheckInterval(schedule, blocking.TimeOff, busy, start, draft.DurationMinutes, now, place);
            if (verdict == SlotVerdict.Bookable)
            {
                accepted.Add(start);
                busy.Add(new BusyBooking(new UtcInterval(start, start.AddMinutes(draft.DurationMinutes)), place));
            }
            else
            {
                skipped.Add(new SkippedVisit(start, SeriesReasons.Of(verdict)));
            }
        }

        if (skipped.Count > 0 && (!command.AllowPartial || accepted.Count == 0))
        {
            var message = accepted.Count == 0
                ? "None of the visits can be booked; nothing was booked. Pick another time."
                : $"{skipped.Count} of the {occurrences.Count} visits cannot be booked, so nothing was booked. Pick another time, or send allow_partial: true to book the {accepted.Count} free ones.";
            return new DomainError(ErrorKind.Conflict, message, new Dictionary<string, string[]> { ["start_time"] = [message] })
                .With(ConflictsMember, skipped.Select(s => new SeriesConflict(s.StartTime, s.Reason, [])).ToList());
        }

        // The pending cap counts a series as one request: the provider answers it once, not once per visit.
        var maxPending = bookingOptions.Value.MaxPendingPerCustomer;
        var mine = await db.Bookings.AsNoTracking().Where(b => b.CustomerId == actor.UserId).Select(b => new { b.Status, b.SeriesId }).ToListAsync(ct);
        if (PendingRequests.Count(mine.Select(b => (b.Status, b.SeriesId))) >= maxPending)
        {
            return new DomainError(ErrorKind.PendingLimit,
                $"You already have {maxPending} bookings waiting for a provider's confirmation; wait for them to be confirmed or cancel one.");
        }

        var series = BookingSeries.Create(actor.UserId, draft.Provider.Id, draft.Service.Id, recurrence.Frequency, recurrence.Count, draft.StartUtc,
            schedule.TimeZoneId, draft.DurationMinutes, draft.CustomerNotes, command.AllowPartial, command.Booking.IdempotencyKey, skipped, now);
        db.BookingSeries.Add(series);
        var created = new List<Booking>(accepted.Count);
        foreach (var start in accepted)
        {
            var booking = Booking.Create(draft.Service.Id, draft.Provider.Id, actor.UserId, AvailabilityEngine.LocalDate(schedule.TimeZoneId, start), start,
                draft.DurationMinutes, draft.CustomerNotes, draft.PriceCents, draft.Service.Currency, null,
                Payment.OnCompletion(draft.PriceCents, draft.Service.Currency, now), now, draft.Address is { } address ? address with { } : null, series);
            db.Bookings.Add(booking);
            booking.Created(now);
            created.Add(booking);
        }
        draft.Provider.CalendarChanged(created.SelectMany(b => BookingNotifications.LocalDates(schedule.TimeZoneId, b.StartUtc, b.ScheduledEndUtc))
            .Distinct().ToList(), now);
        await db.SaveChangesAsync(ct);

        // One request for the provider to answer, not one per visit; it links the first visit, whose page shows the rest.
        db.ChangeTracker.Clear();
        var notice = BookingNotifications.For(draft.Provider.UserId, created[0], BookingNotifications.Kinds.Created, schedule.TimeZoneId, draft.Service.Name, now);
        notice.Title = "New recurring booking request";
        notice.Body = $"{draft.Service.Name}, {Describe(recurrence.Frequency)} at {series.LocalStartTime:HH:mm} for {created.Count} visits from "
            + $"{TimeZoneInfo.ConvertTimeFromUtc(created[0].StartUtc, TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZoneId)):ddd d MMM yyyy} "
            + $"({schedule.TimeZoneId}), was requested; each visit waits for your confirmation.";
        db.Notifications.Add(notice);
        await db.SaveChangesAsync(ct);
        foreach (var booking in created)
        {
            booking.Provider = draft.Provider;
        }
        return new CreatedSeries(SeriesView.Of(series, created, BookingParty.Customer), Replayed: false);
    }

    /// <summary>The series with its visits, for its customer, its provider or an admin (others: 404).</summary>
    public async Task<Result<SeriesView>> GetAsync(Actor actor, int seriesId, CancellationToken ct)
    {
        var series = await LoadAsync(seriesId, ct);
        return series is null || series.PartyOf(actor) == BookingParty.None
            ? DomainError.NotFound("Series")
            : SeriesView.Of(series, series.Bookings, series.PartyOf(actor));
    }

    /// <summary>
    /// Cancels every visit starting at or after <paramref name="from"/> (default now) that its cancel move allows this
    /// actor now, in one transaction; the rest stay as they are.
    /// </summary>
    public async Task<Result<SeriesView>> CancelAsync(Actor actor, int seriesId, string? reason, DateTime? from, CancellationToken ct)
    {
        if (BookingValidationService.ValidateReason(reason) is { } invalid)
        {
            return invalid;
        }
        var since = from is { } sent ? BookingValidationService.AsUtc(sent) : Now();
        if (!CalendarDates.IsSupported(DateOnly.FromDateTime(since)))
        {
            return DomainError.Validation("from", CalendarDates.InstantMessage);
        }

        var done = await calendar.RunAsync(async attemptCt =>
        {
            var series = await db.BookingSeries.AsNoTracking().FirstOrDefaultAsync(s => s.Id == seriesId, attemptCt);
            if (series is null || series.PartyOf(actor) == BookingParty.None)
            {
                return Result<int>.Fail(DomainError.NotFound("Series"));
            }
            var ids = await db.Bookings.AsNoTracking().Where(b => b.SeriesId == seriesId && b.StartUtc >= since)
                .OrderBy(b => b.StartUtc).Select(b => b.Id).ToListAsync(attemptCt);
            var cancelled = new List<int>();
            foreach (var id in ids)
            {
                // The booking's own move decides (a visit already done, started or cancelled refuses and is left alone).
                var moved = await bookings.CancelInTransactionAsync(actor, id, reason, tellOtherParty: false, attemptCt);
                if (moved.IsSuccess)
                {
                    cancelled.Add(id);
                }
                else if (moved.Error!.Kind is not (ErrorKind.NotModifiable or ErrorKind.Forbidden))
                {
                    return Result<int>.Fail(moved.Error);
                }
            }
            if (cancelled.Count > 0)
            {
                await TellCancellationAsync(series, series.PartyOf(actor), cancelled, reason, attemptCt);
            }
            return Result<int>.Ok(cancelled.Count);
        }, ct);
        if (done.Error is { } failed)
        {
            return failed;
        }
        db.ChangeTracker.Clear();
        return await GetAsync(actor, seriesId, ct);
    }

    /// <summary>One notification per other party for the visits just cancelled, linking the first of them.</summary>
    private async Task TellCancellationAsync(BookingSeries series, BookingParty by, IReadOnlyList<int> cancelled, string? reason, CancellationToken ct)
    {
        var first = await db.Bookings.Include(b => b.Provider).Include(b => b.Service).FirstAsync(b => b.Id == cancelled[0], ct);
        var provider = first.Provider!;
        var serviceName = first.Service?.Name ?? "Your booking";
        var zone = TimeZoneInfo.FindSystemTimeZoneById(provider.TimeZoneId);
        var visits = cancelled.Count == 1 ? "1 visit" : $"{cancelled.Count} visits";
        var body = $"{serviceName}, {Describe(series.Frequency)} at {series.LocalStartTime:HH:mm}: {visits} from "
            + $"{TimeZoneInfo.ConvertTimeFromUtc(first.StartUtc, zone):ddd d MMM yyyy} ({provider.TimeZoneId}) {(cancelled.Count == 1 ? "was" : "were")} cancelled."
            + (string.IsNullOrWhiteSpace(reason) ? "" : $" Reason: {reason}");
        var now = Now();
        foreach (var userId in BookingService.OtherParties(by, first.CustomerId, provider.UserId))
        {
            var notice = BookingNotifications.For(userId, first, BookingNotifications.Kinds.Cancelled, provider.TimeZoneId, serviceName, now);
            notice.Title = cancelled.Count == 1 ? "Recurring visit cancelled" : "Recurring visits cancelled";
            notice.Body = body;
            db.Notifications.Add(notice);
        }
        await db.SaveChangesAsync(ct);
    }

    private static (RecurrenceFrequency, int)? ValidateRecurrence(CreateSeriesCommand command, FieldErrors errors)
    {
        if (!command.RecurrenceSent)
        {
            errors.Add("recurrence", "recurrence is required: {\"frequency\": \"weekly\"|\"every_2_weeks\"|\"every_4_weeks\", \"count\": 2..26}.");
            return null;
        }
        RecurrenceFrequency frequency = default;
        if (command.Frequency is null)
        {
            errors.Add("recurrence.frequency", "recurrence.frequency is required: " + string.Join(", ", Recurrence.FrequencyNames) + ".");
        }
        else if (!Recurrence.TryParse(command.Frequency, out frequency))
        {
            errors.Add("recurrence.frequency", "recurrence.frequency must be one of " + string.Join(", ", Recurrence.FrequencyNames) + ".");
        }
        if (command.Count is not { } count)
        {
            errors.Add("recurrence.count", $"recurrence.count is required ({Recurrence.MinCount} to {Recurrence.MaxCount} visits).");
            return null;
        }
        if (count is < Recurrence.MinCount or > Recurrence.MaxCount)
        {
            errors.Add("recurrence.count", $"recurrence.count must be between {Recurrence.MinCount} and {Recurrence.MaxCount}.");
            return null;
        }
        return frequency == default ? null : (frequency, count);
    }

    /// <summary>
    /// The series' skipped visits still ahead, each with the nearest free starts now (the booking form's list), for the
    /// page that shows the result of a partial create.
    /// </summary>
    public async Task<IReadOnlyList<SeriesConflict>> SkippedAheadAsync(SeriesView series, CancellationToken ct)
    {
        var place = series.Bookings.Select(b => b.Address).FirstOrDefault(a => a is { Lat: { } , Lng: { } }) is { } address
            ? new GeoPoint(address.Lat!.Value, address.Lng!.Value)
            : (GeoPoint?)null;
        var ahead = series.Skipped.Where(s => s.StartTime > Now()).ToList();
        return await WithAlternativesAsync(ahead, series.Provider, series.Duration, series.Timezone, place, ct);
    }

    private Task<IReadOnlyList<SeriesConflict>> WithAlternativesAsync(IReadOnlyList<SeriesConflict> conflicts, BookingDraft draft, CancellationToken ct) =>
        WithAlternativesAsync(conflicts, draft.Provider.Id, draft.DurationMinutes, draft.Schedule.TimeZoneId, draft.Address?.Place, ct);

    private async Task<IReadOnlyList<SeriesConflict>> WithAlternativesAsync(IReadOnlyList<SeriesConflict> conflicts, int providerId, int duration,
        string timeZoneId, GeoPoint? place, CancellationToken ct)
    {
        var enriched = new List<SeriesConflict>(conflicts.Count);
        foreach (var conflict in conflicts)
        {
            // Beyond the provider's booking window there is nothing nearer to offer.
            var nearest = conflict.Reason == SeriesReasons.BeyondBookingWindow
                ? []
                : await NearestSlots.AroundAsync(availability, providerId, duration, timeZoneId, conflict.StartTime, place, null, ct);
            enriched.Add(conflict with { Alternatives = nearest });
        }
        return enriched;
    }

    // A wall-clock time inside the spring-forward gap has no instant that day; the conflict names the same UTC time of day.
    private static DateTime GapStandIn(DateTime firstStartUtc, Occurrence occurrence, RecurrenceFrequency frequency) =>
        firstStartUtc.AddDays(7 * frequency.Weeks() * occurrence.Index);

    private static string Describe(RecurrenceFrequency frequency) => frequency switch
    {
        RecurrenceFrequency.Weekly => "every week",
        _ => $"every {frequency.Weeks()} weeks",
    };

    private Task<BookingSeries?> LoadAsync(int seriesId, CancellationToken ct) =>
        db.BookingSeries.AsNoTracking()
            .Include(s => s.Bookings).ThenInclude(b => b.Payment)
            .Include(s => s.Bookings).ThenInclude(b => b.Provider)
            .AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Id == seriesId, ct);

    private async Task<SeriesView?> FindByKeyAsync(int customerId, string key, CancellationToken ct)
    {
        var id = await db.BookingSeries.AsNoTracking().Where(s => s.CustomerId == customerId && s.IdempotencyKey == key).Select(s => (int?)s.Id)
            .FirstOrDefaultAsync(ct);
        return id is { } found && await LoadAsync(found, ct) is { } series ? SeriesView.Of(series, series.Bookings, BookingParty.Customer) : null;
    }

    /// <summary>A retry with the same Idempotency-Key gets the first series, but only if it asks for the same thing.</summary>
    private static Result<CreatedSeries> Replay(SeriesView earlier, CreateSeriesCommand command)
    {
        var differs = new List<string>();
        var single = command.Booking;
        if (single.ServiceId != earlier.Service)
        {
            differs.Add("service");
        }
        if (single.ProviderId != earlier.Provider)
        {
            differs.Add("provider");
        }
        if (single.StartTime is not { } start || BookingValidationService.AsUtc(start) != earlier.StartTime)
        {
            differs.Add("start_time");
        }
        if (single.Duration is { } duration && duration != earlier.Duration)
        {
            differs.Add("duration");
        }
        if (command.Frequency != earlier.Recurrence.Frequency)
        {
            differs.Add("recurrence.frequency");
        }
        if (command.Count != earlier.Recurrence.Count)
        {
            differs.Add("recurrence.count");
        }
        if (differs.Count == 0)
        {
            return new CreatedSeries(earlier, Replayed: true);
        }
        var message = $"This Idempotency-Key was already used for series {earlier.Id} with a different request; use a new key for a new series.";
        return new DomainError(ErrorKind.IdempotencyKeyReused, message,
            differs.ToDictionary(field => field, _ => new[] { "Differs from the first request with this Idempotency-Key." }));
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}

/// <summary>The <c>reason</c> of a visit that cannot be booked: the single create's where it has one.</summary>
public static class SeriesReasons
{
    public const string SlotTaken = "slot_taken";
    public const string TravelTime = "travel_time";
    public const string OutsideWorkingHours = "outside_working_hours";
    public const string TimeOff = "time_off";
    public const string BeyondBookingWindow = "beyond_booking_window";
    public const string NoSuchLocalTime = "no_such_local_time";

    public static string Of(SlotVerdict verdict) => verdict switch
    {
        SlotVerdict.Occupied => SlotTaken,
        SlotVerdict.Unreachable => TravelTime,
        SlotVerdict.OutsideWorkingHours => OutsideWorkingHours,
        SlotVerdict.TimeOff => TimeOff,
        SlotVerdict.BeyondBookingWindow => BeyondBookingWindow,
        // The first visit passed the start rules, and later ones keep its wall-clock grid time: these cannot happen.
        _ => verdict.ToString(),
    };

    /// <summary>Every reason, for the OpenAPI document.</summary>
    public static readonly string[] All = [SlotTaken, TravelTime, OutsideWorkingHours, TimeOff, BeyondBookingWindow, NoSuchLocalTime];
}

/// <summary>The pending-request cap's count: each pending single booking is one, each series with a pending visit is one.</summary>
public static class PendingRequests
{
    public static int Count(IEnumerable<(BookingStatus Status, int? SeriesId)> bookings)
    {
        var singles = 0;
        var series = new HashSet<int>();
        foreach (var (status, seriesId) in bookings)
        {
            if (status != BookingStatus.Pending)
            {
                continue;
            }
            if (seriesId is { } id)
            {
                series.Add(id);
            }
            else
            {
                singles++;
            }
        }
        return singles + series.Count;
    }
}
