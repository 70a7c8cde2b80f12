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
/// Creates bookings and moves them through their lifecycle: load, ask the entity, save. The entities raise the events,
/// which go to the outbox in the same transaction (Data/Outbox) and are delivered after commit.
/// </summary>
public sealed class BookingService(
    HomeSerDbContext db,
    BookingValidationService validation,
    CalendarLoader calendars,
    CalendarTransaction calendar,
    PaymentProcessor payments,
    TimeProvider clock,
    IOptions<BookingOptions> bookingOptions,
    IOptions<PaymentOptions> paymentOptions)
{
    private const int MaxPageSize = 100;

    public async Task<Result<CreatedBooking>> CreateAsync(Actor actor, CreateBookingCommand command, CancellationToken ct)
    {
        if (!actor.IsCustomer)
        {
            return DomainError.Forbidden("Only customers can book.");
        }

        var now = Now();
        var key = string.IsNullOrWhiteSpace(command.IdempotencyKey) ? null : command.IdempotencyKey.Trim();
        command = command with { IdempotencyKey = key };
        if (key is not null && await FindByKeyAsync(actor.UserId, key, ct) is { } earlier)
        {
            return Replay(earlier, command);
        }

        // Field rules and the calendar first, outside the writer queue: a bad request or a taken time never reaches the
        // card processor, and the queue's turn (one writer at a time on SQLite) is spent on writing, not on reading.
        var precheck = await validation.ValidateCreateAsync(actor, command, now, track: false, ct);
        if (precheck.Error is { } invalid)
        {
            return invalid;
        }
        var checkedDraft = precheck.Value!;
        if (await validation.CheckCalendarAsync(checkedDraft.Schedule, checkedDraft.Provider.Id, checkedDraft.StartUtc, checkedDraft.DurationMinutes,
                null, now, ct, checkedDraft.Address?.Place, command.Claim?.WaitlistEntryId) is { } taken)
        {
            // The time may be taken by this very request's first attempt, committed meanwhile under the same key.
            if (key is not null && await FindByKeyAsync(actor.UserId, key, ct) is { } first)
            {
                return Replay(first, command);
            }
            return await validation.WithAlternativesAsync(taken, checkedDraft.Provider.Id, checkedDraft.Schedule.TimeZoneId, checkedDraft.StartUtc,
                checkedDraft.DurationMinutes, checkedDraft.Address?.Place, null, ct);
        }

        string? authorization = null;
        if (precheck.Value!.PaymentMethod == PaymentMethod.Card)
        {
            var authorized = await payments.AuthorizeAsync(precheck.Value.PaymentToken!, precheck.Value.PriceCents, precheck.Value.Service.Currency, ct);
            if (authorized.Error is { } declined)
            {
                return declined;
            }
            authorization = authorized.Value;
        }

        Result<CreatedBooking> result;
        try
        {
            // The first attempt trusts the check above; a retry means a concurrent write won, so it checks everything again.
            var checkedDraftHolds = true;
            result = await calendar.RunAsync(attemptCt =>
            {
                var draft = checkedDraftHolds ? checkedDraft : null;
                checkedDraftHolds = false;
                return CreateInTransactionAsync(actor, command, draft, authorization, now, attemptCt);
            }, ct);
        }
        catch (DbUpdateException) when (key is not null)
        {
            // A concurrent request with the same key inserted first: the unique index (CustomerId, IdempotencyKey) said so.
            db.ChangeTracker.Clear();
            result = await FindByKeyAsync(actor.UserId, key, ct) is { } winner
                ? Replay(winner, command)
                : throw new InvalidOperationException("Booking insert failed without a booking holding its idempotency key.");
        }
        catch
        {
            await VoidQuietlyAsync(authorization);
            throw;
        }

        if (authorization is not null && (!result.IsSuccess || result.Value!.Replayed))
        {
            await payments.VoidAsync(authorization, CancellationToken.None);
        }
        if (result.Error is { } failed)
        {
            // With many writers (PostgreSQL) a retry can find the time taken by a request with this key that committed
            // after the retry looked for the key: that is the same booking, not a conflict.
            if (key is not null && failed.Kind == ErrorKind.Conflict && await FindByKeyAsync(actor.UserId, key, ct) is { } winner)
            {
                return Replay(winner, command);
            }
            var draft = precheck.Value;
            return await validation.WithAlternativesAsync(failed, draft.Provider.Id, draft.Schedule.TimeZoneId, draft.StartUtc, draft.DurationMinutes,
                draft.Address?.Place, null, ct);
        }
        return result;
    }

    /// <summary>
    /// Inside the writer queue, where every statement counts (one writer at a time on SQLite). <paramref name="checkedDraft"/>
    /// passed every rule and the calendar check against the provider's calendar at its schedule version; every change to
    /// that calendar bumps the version (see <see cref="ProviderProfile.CalendarChanged"/>), and the version is a concurrency
    /// token, so this booking's own bump commits only while the version is still the one checked. So nothing of the
    /// calendar is read again here, only one row of what may have changed since; a changed version, here or at the bump
    /// (a lost race, retried without a draft), means everything is checked again.
    /// </summary>
    private async Task<Result<CreatedBooking>> CreateInTransactionAsync(Actor actor, CreateBookingCommand command, BookingDraft? checkedDraft,
        string? authorization, DateTime now, CancellationToken ct)
    {
        if (command.IdempotencyKey is { } key && await FindByKeyAsync(actor.UserId, key, ct) is { } earlier)
        {
            return Replay(earlier, command);
        }

        if (checkedDraft is not null)
        {
            // One read for what may have changed since the check: the customer's account (closing it runs in this queue
            // too, so a request already on its way must not leave an active booking behind) and whether the provider
            // still takes bookings at the version the calendar was checked at.
            var state = await db.Providers.AsNoTracking().Where(p => p.Id == checkedDraft.Provider.Id)
                .Select(p => new
                {
                    p.IsActive,
                    p.ScheduleVersion,
                    CustomerClosed = db.Users.Where(u => u.Id == actor.UserId).Where(ClosedAccounts.IsClosed).Any(),
                })
                .FirstOrDefaultAsync(ct);
            if (state is { CustomerClosed: true })
            {
                return DomainError.Forbidden("This account is closed.");
            }
            if (state is not { IsActive: true } || state.ScheduleVersion != checkedDraft.Provider.ScheduleVersion)
            {
                checkedDraft = null; // a provider who closed their account is inactive now: the full check refuses them
            }
        }
        else if (await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Where(ClosedAccounts.IsClosed).AnyAsync(ct))
        {
            return DomainError.Forbidden("This account is closed.");
        }

        BookingDraft draft;
        if (checkedDraft is not null)
        {
            db.Providers.Attach(checkedDraft.Provider);
            draft = checkedDraft;
        }
        else
        {
            var validated = await validation.ValidateCreateAsync(actor, command, now, track: true, ct);
            if (validated.Error is { } invalid)
            {
                return invalid;
            }
            draft = validated.Value!;
            if (await validation.CheckCalendarAsync(draft.Schedule, draft.Provider.Id, draft.StartUtc, draft.DurationMinutes, null, now, ct,
                    draft.Address?.Place, command.Claim?.WaitlistEntryId) is { } conflict)
            {
                return conflict;
            }
        }

        var maxPending = bookingOptions.Value.MaxPendingPerCustomer;
        // Filtered by customer alone in SQL: with the status in the WHERE too, SQLite scanned every pending booking of the
        // market through the (Status, StartUtc) index inside the writer queue (bench: 9 bookings/s instead of ~120).
        var mine = await db.Bookings.AsNoTracking().Where(b => b.CustomerId == actor.UserId).Select(b => new { b.Status, b.SeriesId }).ToListAsync(ct);
        if (PendingRequests.Count(mine.Select(b => (b.Status, b.SeriesId))) >= maxPending)
        {
            return new DomainError(ErrorKind.PendingLimit,
                $"You already have {maxPending} bookings waiting for a provider's confirmation; wait for them to be confirmed or cancel one.");
        }

        var payment = authorization is null
            ? Payment.OnCompletion(draft.PriceCents, draft.Service.Currency, now)
            : Payment.AuthorizedCard(draft.PriceCents, draft.Service.Currency, authorization, now);
        var booking = Booking.Create(draft.Service.Id, draft.Provider.Id, actor.UserId, draft.BookingDate, draft.StartUtc, draft.DurationMinutes,
            draft.CustomerNotes, draft.PriceCents, draft.Service.Currency, command.IdempotencyKey, payment, now, draft.Address);
        db.Bookings.Add(booking);
        booking.Created(now);
        if (command.Claim is { } claim && await claim.InTransactionAsync(booking, now, ct) is { } claimRefused)
        {
            return claimRefused;
        }
        draft.Provider.CalendarChanged(BookingNotifications.LocalDates(draft.Provider.TimeZoneId, booking.StartUtc, booking.ScheduledEndUtc).ToList(), now);
        await db.SaveChangesAsync(ct);

        // The notification needs the booking's id, so it is a second save; the saved entities have nothing left to write
        // and leave the tracker, so that save does not scan them again.
        db.ChangeTracker.Clear();
        Notify(draft.Provider.UserId, booking, BookingNotifications.Kinds.Created, draft.Provider.TimeZoneId, draft.Service.Name, now);
        await db.SaveChangesAsync(ct);
        booking.Provider = draft.Provider;
        return new CreatedBooking(BookingView.Of(booking, BookingParty.Customer), Replayed: false);
    }

    public async Task<Result<BookingView>> GetAsync(Actor actor, int bookingId, CancellationToken ct)
    {
        var booking = await db.Bookings.AsNoTracking().Include(b => b.Payment).Include(b => b.Provider).FirstOrDefaultAsync(b => b.Id == bookingId, ct);
        return booking is null || booking.PartyOf(actor) == BookingParty.None
            ? DomainError.NotFound("Booking")
            : BookingView.Of(booking, booking.PartyOf(actor));
    }

    /// <summary>The actor's bookings (customer: theirs; provider: made with them; admin: all), newest start first.</summary>
    public async Task<Result<PageOf<BookingView>>> ListAsync(Actor actor, BookingListQuery query, CancellationToken ct)
    {
        var errors = new FieldErrors();
        BookingStatus? status = null;
        if (!string.IsNullOrWhiteSpace(query.Status))
        {
            if (BookingStatusNames.TryParse(query.Status, out var parsed))
            {
                status = parsed;
            }
            else
            {
                errors.Add("status", "Unknown status; use one of " + string.Join(", ", Enum.GetValues<BookingStatus>().Select(s => s.ToWire())) + ".");
            }
        }
        if (query.Page < 1)
        {
            errors.Add("page", "page must be 1 or more.");
        }
        if (query.PageSize is < 1 or > MaxPageSize)
        {
            errors.Add("page_size", $"page_size must be between 1 and {MaxPageSize}.");
        }
        if (errors.Any)
        {
            return errors.ToError();
        }

        var bookings = db.Bookings.AsNoTracking();
        if (!actor.IsAdmin)
        {
            bookings = bookings.Where(b => b.CustomerId == actor.UserId || (actor.ProviderId != null && b.ProviderId == actor.ProviderId));
        }
        if (status is { } wanted)
        {
            bookings = bookings.Where(b => b.Status == wanted);
        }

        var count = await bookings.CountAsync(ct);
        var page = await bookings.Include(b => b.Payment).Include(b => b.Provider)
            .OrderByDescending(b => b.StartUtc).ThenByDescending(b => b.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .ToListAsync(ct);
        return new PageOf<BookingView>(count, page.Select(b => BookingView.Of(b, b.PartyOf(actor))).ToList());
    }

    public async Task<Result<BookingView>> UpdateAsync(Actor actor, int bookingId, BookingPatch patch, CancellationToken ct)
    {
        var now = Now();
        var result = await calendar.RunAsync(attemptCt => UpdateInTransactionAsync(actor, bookingId, patch, now, attemptCt), ct);
        if (result.Error is { Kind: ErrorKind.Conflict } conflict
            && await db.Bookings.AsNoTracking().Include(b => b.Provider).FirstOrDefaultAsync(b => b.Id == bookingId, ct) is { } booking)
        {
            var place = patch.Address is { } sent ? ServiceAddress.Resolve(sent, new FieldErrors())?.Place : booking.Address?.Place;
            return await validation.WithAlternativesAsync(conflict, booking.ProviderId, booking.Provider!.TimeZoneId,
                patch.StartTime is { } wanted ? BookingValidationService.AsUtc(wanted) : booking.StartUtc,
                patch.Duration ?? booking.DurationMinutes, place, booking.Id, ct);
        }
        return result;
    }

    private async Task<Result<BookingView>> UpdateInTransactionAsync(Actor actor, int bookingId, BookingPatch patch, DateTime now, CancellationToken ct)
    {
        var booking = await LoadForChangeAsync(bookingId, ct);
        if (booking is null || booking.PartyOf(actor) == BookingParty.None)
        {
            return DomainError.NotFound("Booking");
        }

        if (patch.Version != booking.Version)
        {
            var message = patch.Version is null
                ? $"Send the booking's current version (If-Match or \"version\"); it is {booking.Version}."
                : $"The booking changed since version {patch.Version}; it is now version {booking.Version}. Reload it and try again.";
            return new DomainError(ErrorKind.Conflict, message, new Dictionary<string, string[]> { ["version"] = [message] });
        }

        var errors = new FieldErrors();
        BookingValidationService.ValidateNotes(errors, "customer_notes", patch.CustomerNotes);
        BookingValidationService.ValidateNotes(errors, "provider_notes", patch.ProviderNotes);

        var start = patch.StartTime is { } requested ? BookingValidationService.AsUtc(requested) : booking.StartUtc;
        var duration = patch.Duration ?? booking.DurationMinutes;
        var address = patch.Address is { } sent ? ServiceAddress.Resolve(sent, errors) : booking.Address;
        if (patch.Address is not null && booking.PartyOf(actor) == BookingParty.Provider)
        {
            errors.Add("address", "Only the booking's customer can change where the job is.");
        }
        // A new place changes the travel time to the provider's other jobs, so it is checked like a new time.
        var timeChanges = start != booking.StartUtc || duration != booking.DurationMinutes || (patch.Address is not null && address != booking.Address);
        ProviderSchedule? schedule = null;
        if (timeChanges)
        {
            schedule = await calendars.ScheduleAsync(booking.Provider!, ct);
            BookingValidationService.ValidateDuration(errors, booking.Service!, schedule, duration);
            BookingValidationService.ValidateStart(errors, schedule, start, now);
        }
        if (errors.Any)
        {
            return errors.ToError();
        }

        var party = booking.PartyOf(actor);
        if (patch.CustomerNotes is { } customerNotes && customerNotes != booking.CustomerNotes
            && booking.EditCustomerNotes(actor, customerNotes.Trim(), now) is { } refusedCustomerNotes)
        {
            return refusedCustomerNotes;
        }
        if (patch.ProviderNotes is { } providerNotes && providerNotes != booking.ProviderNotes
            && booking.EditProviderNotes(actor, providerNotes.Trim(), now) is { } refusedProviderNotes)
        {
            return refusedProviderNotes;
        }

        if (timeChanges)
        {
            if (booking.Refusal(BookingMoves.Reschedule, actor, now) is { } notMovable)
            {
                return notMovable;
            }
            if (BookingValidationService.CheckServiceArea(booking.Provider!, address) is { } outside)
            {
                return outside;
            }
            if (await validation.CheckCalendarAsync(schedule!, booking.ProviderId, start, duration, booking.Id, now, ct, address?.Place) is { } conflict)
            {
                return conflict;
            }

            var oldDates = BookingNotifications.LocalDates(schedule!.TimeZoneId, booking.StartUtc, booking.ScheduledEndUtc).ToList();
            var price = PaymentProcessor.ProRata(booking.Service!.PriceCents, duration, booking.Service.DurationMinutes);
            if (booking.Payment is { IsAuthorizedCard: true } card && price > card.AmountCents)
            {
                // A dearer booking needs the card to hold the difference first; a decline leaves the booking as it was.
                if (await payments.IncreaseAuthorizationAsync(card.GatewayReference!, price, ct) is { } declined)
                {
                    return declined;
                }
                card.Reauthorized(price, now);
            }
            if (booking.ChangeTime(actor, AvailabilityEngine.LocalDate(schedule.TimeZoneId, start), start, duration, price, now, address) is { } refused)
            {
                return refused;
            }
            booking.Provider!.CalendarChanged(
                oldDates.Union(BookingNotifications.LocalDates(schedule.TimeZoneId, booking.StartUtc, booking.ScheduledEndUtc)).Order().ToList(), now);
            NotifyOtherParty(party, booking, BookingNotifications.Kinds.Rescheduled, now);
        }

        await db.SaveChangesAsync(ct);
        return BookingView.Of(booking, party);
    }

    public async Task<Result<BookingView>> CancelAsync(Actor actor, int bookingId, string? reason, CancellationToken ct)
    {
        if (BookingValidationService.ValidateReason(reason) is { } invalid)
        {
            return invalid;
        }

        return await MoveAsync(actor, bookingId, BookingNotifications.Kinds.Cancelled,
            (booking, now) => booking.Cancel(actor, reason, now),
            (booking, party, now, attemptCt) => SettleCancellationAsync(booking, party == BookingParty.Customer, now, attemptCt), ct);
    }

    public Task<Result<BookingView>> ConfirmAsync(Actor actor, int bookingId, CancellationToken ct) =>
        MoveAsync(actor, bookingId, BookingNotifications.Kinds.Confirmed, (booking, now) => booking.Confirm(actor, now), null, ct);

    public Task<Result<BookingView>> StartAsync(Actor actor, int bookingId, CancellationToken ct) =>
        MoveAsync(actor, bookingId, BookingNotifications.Kinds.Started, (booking, now) => booking.Start(actor, now), null, ct);

    public Task<Result<BookingView>> CompleteAsync(Actor actor, int bookingId, CancellationToken ct) =>
        MoveAsync(actor, bookingId, BookingNotifications.Kinds.Completed, (booking, now) => booking.Complete(actor, now),
            (booking, _, now, attemptCt) => CollectPaymentAsync(booking, now, attemptCt), ct);

    public Task<Result<BookingView>> MarkNoShowAsync(Actor actor, int bookingId, CancellationToken ct) =>
        MoveAsync(actor, bookingId, BookingNotifications.Kinds.NoShow, (booking, now) => booking.MarkNoShow(actor, now), null, ct);

    /// <summary>
    /// Cancels pending bookings nobody confirmed within Bookings:PendingExpiryHours of creation, or whose start has passed.
    /// Returns how many it cancelled.
    /// </summary>
    public async Task<int> ExpireStalePendingAsync(CancellationToken ct)
    {
        var now = Now();
        var hours = bookingOptions.Value.PendingExpiryHours;
        var createdBefore = now.AddHours(-hours);
        var stale = await db.Bookings.AsNoTracking()
            .Where(BookingFilters.StalePending(createdBefore, now))
            .Select(b => b.Id).ToListAsync(ct);

        var expired = 0;
        foreach (var id in stale)
        {
            var result = await calendar.RunAsync(async attemptCt =>
            {
                var booking = await LoadForChangeAsync(id, attemptCt);
                if (booking is null)
                {
                    return Result<bool>.Ok(false);
                }
                var reason = booking.StartUtc <= now
                    ? "Expired: the start time passed before the provider confirmed."
                    : $"Expired: the provider did not confirm within {hours} hours.";
                if (booking.Expire(reason, now) is not null)
                {
                    return Result<bool>.Ok(false);
                }
                await SettleCancellationAsync(booking, customerCancels: false, now, attemptCt);
                RecordStatusChange(booking, BookingParty.Admin, BookingStatus.Pending, BookingNotifications.Kinds.Expired, now);
                await db.SaveChangesAsync(attemptCt);
                return Result<bool>.Ok(true);
            }, ct);
            if (result.IsSuccess && result.Value)
            {
                expired++;
            }
        }
        return expired;
    }

    /// <summary>
    /// Cancels a booking inside a <see cref="CalendarTransaction"/> the caller already runs (closing an account cancels
    /// its bookings and forgets the person in one transaction); the same move, settlement and notice as <see cref="CancelAsync"/>.
    /// </summary>
    /// <summary>
    /// Cancels inside the caller's calendar transaction. With <paramref name="tellOtherParty"/> false the caller tells
    /// them itself (a series says "3 visits cancelled" once, not once per visit).
    /// </summary>
    public Task<Result<BookingView>> CancelInTransactionAsync(Actor actor, int bookingId, string? reason, bool tellOtherParty, CancellationToken ct) =>
        BookingValidationService.ValidateReason(reason) is { } invalid
            ? Task.FromResult(Result<BookingView>.Fail(invalid))
            : MoveInTransactionAsync(actor, bookingId, tellOtherParty ? BookingNotifications.Kinds.Cancelled : null,
                (booking, now) => booking.Cancel(actor, reason, now),
                (booking, party, now, attemptCt) => SettleCancellationAsync(booking, party == BookingParty.Customer, now, attemptCt), Now(), ct);

    private async Task<Result<BookingView>> MoveAsync(Actor actor, int bookingId, string kind, Func<Booking, DateTime, DomainError?> move,
        Func<Booking, BookingParty, DateTime, CancellationToken, Task>? settle, CancellationToken ct)
    {
        var now = Now();
        return await calendar.RunAsync(attemptCt => MoveInTransactionAsync(actor, bookingId, kind, move, settle, now, attemptCt), ct);
    }

    private async Task<Result<BookingView>> MoveInTransactionAsync(Actor actor, int bookingId, string? kind, Func<Booking, DateTime, DomainError?> move,
        Func<Booking, BookingParty, DateTime, CancellationToken, Task>? settle, DateTime now, CancellationToken ct)
    {
        var booking = await LoadForChangeAsync(bookingId, ct);
        var party = booking?.PartyOf(actor) ?? BookingParty.None;
        if (booking is null || party == BookingParty.None)
        {
            return DomainError.NotFound("Booking");
        }

        var before = booking.Status;
        if (move(booking, now) is { } refused)
        {
            return refused;
        }
        if (settle is not null)
        {
            await settle(booking, party, now, ct);
        }
        RecordStatusChange(booking, party, before, kind, now);
        await db.SaveChangesAsync(ct);
        return BookingView.Of(booking, party);
    }

    /// <summary>Tells the other party (unless <paramref name="kind"/> is null) and moves the calendar when time was taken or freed.</summary>
    private void RecordStatusChange(Booking booking, BookingParty party, BookingStatus before, string? kind, DateTime now)
    {
        if (kind is not null)
        {
            NotifyOtherParty(party, booking, kind, now);
        }
        if (BookingRules.HoldsTime(before) != BookingRules.HoldsTime(booking.Status))
        {
            // Freeing time changes the calendar too: the version keys the availability cache (see AvailabilityCache).
            booking.Provider!.CalendarChanged(
                BookingNotifications.LocalDates(booking.Provider!.TimeZoneId, booking.StartUtc, booking.ScheduledEndUtc).ToList(), now);
        }
    }

    /// <summary>Completion collects the price: a card hold is captured, pay-on-completion is recorded as paid.</summary>
    private async Task CollectPaymentAsync(Booking booking, DateTime now, CancellationToken ct)
    {
        if (booking.Payment is not { } payment)
        {
            return;
        }
        if (payment.IsAuthorizedCard)
        {
            // A processor captures at most what it authorized (a price rise re-authorizes first, see UpdateAsync), and
            // the payment records what was taken, never more.
            var amount = Math.Min(booking.PriceCents, payment.AmountCents);
            var captured = await payments.CaptureAsync(payment.GatewayReference!, amount, ct);
            if (captured.Succeeded)
            {
                payment.MarkCaptured(amount, now);
            }
            else
            {
                payment.MarkFailed(now);
            }
        }
        else if (payment.Method == PaymentMethod.OnCompletion)
        {
            payment.MarkCaptured(booking.PriceCents, now);
        }
    }

    /// <summary>
    /// A card hold is released on cancellation, except when the customer cancels inside Payments:LateCancellationHours
    /// before the start and Payments:LateCancellationFeePercent is above 0: then that share of the price is captured.
    /// </summary>
    private async Task SettleCancellationAsync(Booking booking, bool customerCancels, DateTime now, CancellationToken ct)
    {
        if (booking.Payment is not { } payment)
        {
            return;
        }
        var options = paymentOptions.Value;
        var late = customerCancels && now > booking.StartUtc.AddHours(-options.LateCancellationHours);
        var fee = late ? PaymentProcessor.Percent(booking.PriceCents, options.LateCancellationFeePercent) : 0;
        if (payment.IsAuthorizedCard)
        {
            if (fee > 0 && (await payments.CaptureAsync(payment.GatewayReference!, fee, ct)).Succeeded)
            {
                payment.MarkFeeCaptured(fee, now);
                return;
            }
            await payments.VoidAsync(payment.GatewayReference!, ct);
            payment.MarkVoided(now);
        }
        else if (payment.Status == PaymentStatus.Pending)
        {
            payment.MarkVoided(now);
        }
    }

    /// <summary>The users a move by <paramref name="actingParty"/> is news to: the customer, the provider, or both for an admin.</summary>
    public static IEnumerable<int> OtherParties(BookingParty actingParty, int customerId, int providerUserId)
    {
        if (actingParty != BookingParty.Customer)
        {
            yield return customerId;
        }
        if (actingParty != BookingParty.Provider)
        {
            yield return providerUserId;
        }
    }

    private void NotifyOtherParty(BookingParty actingParty, Booking booking, string kind, DateTime now)
    {
        var provider = booking.Provider!;
        var serviceName = booking.Service?.Name ?? "Your booking";
        foreach (var userId in OtherParties(actingParty, booking.CustomerId, provider.UserId))
        {
            Notify(userId, booking, kind, provider.TimeZoneId, serviceName, now);
        }
    }

    private void Notify(int userId, Booking booking, string kind, string timeZoneId, string serviceName, DateTime now)
    {
        // Stored with the change; the outbox interceptor raises its notification.created.
        db.Notifications.Add(BookingNotifications.For(userId, booking, kind, timeZoneId, serviceName, now));
    }

    private Task<Booking?> LoadForChangeAsync(int bookingId, CancellationToken ct) =>
        db.Bookings.Include(b => b.Payment).Include(b => b.Provider).Include(b => b.Service)
            .FirstOrDefaultAsync(b => b.Id == bookingId, ct);

    private async Task<BookingView?> FindByKeyAsync(int customerId, string key, CancellationToken ct)
    {
        var booking = await db.Bookings.AsNoTracking().Include(b => b.Payment).Include(b => b.Provider)
            .FirstOrDefaultAsync(b => b.CustomerId == customerId && b.IdempotencyKey == key, ct);
        return booking is null ? null : BookingView.Of(booking, BookingParty.Customer);
    }

    /// <summary>
    /// A retry with the same Idempotency-Key gets the first booking, but only if it asks for the same thing: a key reused
    /// for a different request is refused, so a client bug cannot pass off one booking as another.
    /// </summary>
    private static Result<CreatedBooking> Replay(BookingView earlier, CreateBookingCommand command)
    {
        var differs = new List<string>();
        if (command.ServiceId != earlier.Service)
        {
            differs.Add("service");
        }
        if (command.ProviderId != earlier.Provider)
        {
            differs.Add("provider");
        }
        if (command.StartTime is not { } start || BookingValidationService.AsUtc(start) != earlier.StartTime)
        {
            differs.Add("start_time");
        }
        if (command.Duration is { } duration && duration != earlier.Duration)
        {
            differs.Add("duration");
        }
        if ((command.CustomerNotes?.Trim() ?? "") != earlier.CustomerNotes)
        {
            differs.Add("customer_notes");
        }
        if (!PaymentNames.TryParseMethod(command.PaymentMethod, out var method) || method.ToWire() != earlier.Payment.Method)
        {
            differs.Add("payment_method");
        }
        if (differs.Count == 0)
        {
            return new CreatedBooking(earlier, Replayed: true);
        }
        var message = $"This Idempotency-Key was already used for booking {earlier.Id} with a different request; use a new key for a new booking.";
        return new DomainError(ErrorKind.IdempotencyKeyReused, message, differs.ToDictionary(field => field, _ => new[] { "Differs from the first request with this Idempotency-Key." }));
    }

    private async Task VoidQuietlyAsync(string? authorization)
    {
        if (authorization is not null)
        {
            await payments.VoidAsync(authorization, CancellationToken.None);
        }
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
