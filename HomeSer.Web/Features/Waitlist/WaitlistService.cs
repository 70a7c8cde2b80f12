using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HomeSer.Web.Features.Waitlist;

/// <summary>Joining, listing and leaving a provider's waitlist, and claiming an offered start through the normal booking create.</summary>
public sealed class WaitlistService(
    HomeSerDbContext db,
    CalendarTransaction calendar,
    BookingService bookings,
    HomeAddresses homes,
    AvailabilityService availability,
    TimeProvider clock,
    IOptions<WaitlistOptions> options)
{
    public async Task<Result<WaitlistEntryView>> JoinAsync(Actor actor, JoinWaitlistCommand command, CancellationToken ct)
    {
        if (!actor.IsCustomer)
        {
            return DomainError.Forbidden("Only customers can join a waitlist.");
        }
        var now = Now();
        var errors = new FieldErrors();
        var provider = command.ProviderId is { } providerId
            ? await db.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == providerId, ct)
            : null;
        if (command.ProviderId is null)
        {
            errors.Add("provider", "provider is required.");
        }
        else if (provider is null)
        {
            errors.Add("provider", $"Provider {command.ProviderId} does not exist.");
        }
        else if (!provider.IsActive || !provider.IsVerified)
        {
            errors.Add("provider", "This provider does not take bookings at the moment.");
        }

        var service = command.ServiceId is { } serviceId ? await db.Services.AsNoTracking().FirstOrDefaultAsync(s => s.Id == serviceId, ct) : null;
        if (command.ServiceId is null)
        {
            errors.Add("service", "service is required.");
        }
        else if (service is null || !service.IsActive)
        {
            errors.Add("service", $"Service {command.ServiceId} does not exist or is not offered any more.");
        }
        else if (provider is not null && service.ProviderId != provider.Id)
        {
            errors.Add("service", "This service is not offered by that provider.");
        }

        if (command.Date is not { } date)
        {
            errors.Add("date", "date is required (YYYY-MM-DD, the provider's local date).");
        }
        else if (provider is not null)
        {
            var today = AvailabilityEngine.LocalDate(provider.TimeZoneId, now);
            if (date < today)
            {
                errors.Add("date", $"date is in the past (today is {today:yyyy-MM-dd} in {provider.TimeZoneId}).");
            }
            else if (date > today.AddDays(provider.MaxAdvanceDays))
            {
                errors.Add("date", $"date must be within {provider.MaxAdvanceDays} days from today (the provider's booking window).");
            }
            else if (!(await availability.WorkingDaysAsync(provider.Id, ct)).Contains(date.DayOfWeek))
            {
                errors.Add("date", $"{provider.DisplayName} does not work on {date.DayOfWeek}s: no time can free up that day.");
            }
        }

        if (command.Earliest is { } earliest && command.Latest is { } latest)
        {
            if (latest <= earliest)
            {
                errors.Add("latest", "latest must be after earliest.");
            }
            else if (service is not null && (latest - earliest).TotalMinutes < service.DurationMinutes)
            {
                errors.Add("latest", $"The window from earliest to latest must be at least the service's {service.DurationMinutes} minutes.");
            }
        }
        if (errors.Any)
        {
            return errors.ToError();
        }

        // The offered time will be booked at the customer's home: a provider who does not go there cannot serve them.
        if (BookingValidationService.CheckServiceArea(provider!, await homes.GetAsync(actor.UserId, ct)) is { } outside)
        {
            return outside;
        }

        var joined = await calendar.RunAsync(async attemptCt =>
        {
            var mine = await db.WaitlistEntries.AsNoTracking()
                .Where(w => w.CustomerId == actor.UserId && (w.Status == WaitlistStatus.Waiting || w.Status == WaitlistStatus.Offered))
                .Select(w => new { w.Id, w.ProviderId, w.ServiceId, w.Date })
                .ToListAsync(attemptCt);
            if (mine.FirstOrDefault(w => w.ProviderId == provider!.Id && w.ServiceId == service!.Id && w.Date == command.Date) is { } same)
            {
                return DomainError.Validation("date", $"You are already on this waitlist for {command.Date:yyyy-MM-dd} (entry {same.Id}).");
            }
            if (mine.Count >= options.Value.MaxActivePerCustomer)
            {
                return DomainError.Validation("provider", $"You are on {mine.Count} waitlists already; leave one before joining another.");
            }
            var entry = WaitlistEntry.Join(actor.UserId, provider!.Id, service!.Id, command.Date!.Value, command.Earliest, command.Latest, now);
            db.WaitlistEntries.Add(entry);
            await db.SaveChangesAsync(attemptCt);
            return Result<WaitlistEntryView>.Ok(WaitlistEntryView.Of(entry));
        }, ct);
        // Delivered by now: time already free in the window has been offered, so answer with the entry as it stands.
        return joined.Value is { } view ? await GetAsync(actor, view.Id, ct) : joined;
    }

    /// <summary>The caller's entries, the latest date first.</summary>
    public async Task<Result<PagedList<WaitlistEntryView>>> ListAsync(Actor actor, PageRequest page, CancellationToken ct)
    {
        var mine = db.WaitlistEntries.AsNoTracking().Where(w => w.CustomerId == actor.UserId);
        var count = await mine.CountAsync(ct);
        var entries = await mine.OrderByDescending(w => w.Date).ThenByDescending(w => w.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new PagedList<WaitlistEntryView>(count, entries.Select(WaitlistEntryView.Of).ToList());
    }

    public async Task<Result<WaitlistEntryView>> GetAsync(Actor actor, int id, CancellationToken ct)
    {
        var entry = await db.WaitlistEntries.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, ct);
        return entry is null || entry.WithdrawRefusal(actor.UserId) is not null ? DomainError.NotFound("Waitlist entry") : WaitlistEntryView.Of(entry);
    }

    /// <summary>Leaves the line; a start held for the entry is freed, which passes it to the next in line.</summary>
    public Task<Result<bool>> WithdrawAsync(Actor actor, int id, CancellationToken ct) =>
        calendar.RunAsync(async attemptCt =>
        {
            var entry = await db.WaitlistEntries.FirstOrDefaultAsync(w => w.Id == id, attemptCt);
            if (entry is null || entry.WithdrawRefusal(actor.UserId) is not null)
            {
                return DomainError.NotFound("Waitlist entry");
            }
            if (entry.HoldsTime)
            {
                var provider = await db.Providers.FirstAsync(p => p.Id == entry.ProviderId, attemptCt);
                provider.CalendarChanged([entry.Date], Now());
            }
            db.WaitlistEntries.Remove(entry);
            await db.SaveChangesAsync(attemptCt);
            return Result<bool>.Ok(true);
        }, ct);

    /// <summary>
    /// Books the offered start through the normal create (every rule of a booking applies) with the hold marked claimed
    /// in the same transaction, so a claim and the offer's expiry never both win.
    /// </summary>
    public async Task<Result<BookingView>> ClaimAsync(Actor actor, int id, ClaimOfferCommand command, CancellationToken ct)
    {
        if (!actor.IsCustomer)
        {
            return DomainError.Forbidden("Only customers can claim an offer.");
        }
        var entry = await db.WaitlistEntries.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, ct);
        if (entry is null)
        {
            return DomainError.NotFound("Waitlist entry");
        }
        if (entry.ClaimRefusal(actor.UserId, Now()) is { } refused)
        {
            return refused;
        }
        var start = entry.OfferStartUtc!.Value;
        var duration = (int)(entry.OfferEndUtc!.Value - start).TotalMinutes;
        var create = new CreateBookingCommand(entry.ServiceId, entry.ProviderId, null, start, duration, command.CustomerNotes,
            command.PaymentMethod, command.PaymentToken, null)
        {
            Claim = new HoldClaim(entry.Id, async (booking, now, attemptCt) =>
            {
                var held = await db.WaitlistEntries.FirstOrDefaultAsync(w => w.Id == id, attemptCt);
                return held is null ? DomainError.NotModifiable("This waitlist entry was removed.") : held.Claim(actor.UserId, booking, now);
            }),
        };
        var created = await bookings.CreateAsync(actor, create, ct);
        return created.Map(done => done.Booking);
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
