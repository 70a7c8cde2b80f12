using System.Globalization;
using Hangfire;
using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Notifications;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Infrastructure;
using HomeSer.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HomeSer.Web.Features.Waitlist;

/// <summary>
/// Hands freed time to the waitlist: after any change of a provider's calendar is committed (a cancellation, an expiry,
/// a booking moved away, time off removed: each raises <see cref="AvailabilityChanged"/>), every waiting entry of those
/// dates, first in line first, is offered the earliest free start of its service that fits its window, held until the
/// offer expires. Each hold blocks the calendar like a booking, so the next entry cannot be offered the same start. It
/// derives everything from the database, so a redelivered event only finds nothing left to offer.
/// </summary>
public sealed class WaitlistOffers(
    HomeSerDbContext db,
    CalendarTransaction calendar,
    CalendarLoader loader,
    IBackgroundJobClient jobs,
    TimeProvider clock,
    IOptions<WaitlistOptions> options,
    ILogger<WaitlistOffers> logger) : IDomainEventHandler<AvailabilityChanged>, IDomainEventHandler<WaitlistJoined>
{
    public const string OfferKind = "waitlist_offer";

    public async Task HandleAsync(AvailabilityChanged domainEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        var dates = domainEvent.Dates.ToList();
        // Most calendar changes have nobody waiting: one indexed read and done.
        var anyWaiting = await db.WaitlistEntries.AsNoTracking()
            .AnyAsync(w => w.ProviderId == domainEvent.ProviderId && w.Status == WaitlistStatus.Waiting && dates.Contains(w.Date), cancellationToken);
        if (anyWaiting)
        {
            await OfferFreedTimeAsync(domainEvent.ProviderId, dates, cancellationToken);
        }
    }

    /// <summary>Joining while the window has free time: that time is offered now, to whoever is first in line for it.</summary>
    public async Task HandleAsync(WaitlistJoined domainEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        await OfferFreedTimeAsync(domainEvent.ProviderId, [domainEvent.Date], cancellationToken);
    }

    /// <summary>Offers what is free on these provider-local dates to their waiting entries; returns how many offers were made.</summary>
    public async Task<int> OfferFreedTimeAsync(int providerId, IReadOnlyList<DateOnly> dates, CancellationToken ct)
    {
        var now = Now();
        var expires = now.AddMinutes(Math.Max(1, options.Value.HoldMinutes));
        // Returns at commit: this runs while the dispatcher delivers an event of the same provider stream as the one
        // raised here, so waiting for that would wait for itself.
        var result = await calendar.RunAsync(attemptCt => OfferInTransactionAsync(providerId, dates, now, expires, attemptCt), ct, waitForDelivery: false);
        var offered = result.Value;
        if (offered > 0)
        {
            logger.LogInformation("Offered {Count} freed starts of provider {Provider} to its waitlist", offered, providerId);
            // The sweep also runs every minute; this run lapses the offer close to its expiry.
            jobs.Schedule<WaitlistJob>(job => job.RunAsync(CancellationToken.None), expires.AddSeconds(1) - now);
        }
        return offered;
    }

    private async Task<Result<int>> OfferInTransactionAsync(int providerId, IReadOnlyList<DateOnly> dates, DateTime now, DateTime expires,
        CancellationToken ct)
    {
        var provider = await db.Providers.FirstOrDefaultAsync(p => p.Id == providerId, ct);
        if (provider is not { IsActive: true, IsVerified: true })
        {
            return 0;
        }
        var today = AvailabilityEngine.LocalDate(provider.TimeZoneId, now);
        var entries = await db.WaitlistEntries
            .Where(w => w.ProviderId == providerId && w.Status == WaitlistStatus.Waiting && dates.Contains(w.Date) && w.Date >= today)
            // A customer who closed their account can claim nothing: their place passes to the next in line.
            .Where(w => !db.Users.Where(ClosedAccounts.IsClosed).Any(u => u.Id == w.CustomerId))
            .OrderBy(w => w.QueuedAt).ThenBy(w => w.Id)
            .ToListAsync(ct);
        if (entries.Count == 0)
        {
            return 0;
        }
        var serviceIds = entries.Select(e => e.ServiceId).Distinct().ToList();
        var durations = await db.Services.AsNoTracking().Where(s => serviceIds.Contains(s.Id) && s.IsActive)
            .ToDictionaryAsync(s => s.Id, s => s.DurationMinutes, ct);
        var customerIds = entries.Select(e => e.CustomerId).Distinct().ToList();
        var homes = (await db.Users.AsNoTracking().Where(u => customerIds.Contains(u.Id)).Select(u => new { u.Id, u.HomeAddress }).ToListAsync(ct))
            .ToDictionary(u => u.Id, u => u.HomeAddress?.Place);
        var schedule = await loader.ScheduleAsync(provider, ct);
        var zone = ProviderTimeZones.Find(provider.TimeZoneId);
        var longest = durations.Count == 0 ? 0 : durations.Values.Max();

        var offeredDates = new List<DateOnly>();
        var notices = new List<Notification>();
        foreach (var day in entries.GroupBy(e => e.Date))
        {
            var range = AvailabilityEngine.UtcRangeAffectingLocalDays(schedule, day.Key, 1);
            range = range with { End = range.End.AddMinutes(longest) };
            var blocking = await loader.BlockingAsync(providerId, range, null, ct);
            var busy = blocking.Busy.ToList();
            foreach (var entry in day)
            {
                if (!durations.TryGetValue(entry.ServiceId, out var duration))
                {
                    continue;
                }
                var from = homes.GetValueOrDefault(entry.CustomerId);
                if (from is { } home && BookingValidationService.IsOutsideServiceArea(provider, home, out _))
                {
                    continue;
                }
                var fitting = AvailabilityEngine.FreeSlots(schedule, blocking.TimeOff, busy, day.Key, 1, duration, now, from)
                    .Where(s => entry.Fits(s.StartUtc, TimeZoneInfo.ConvertTimeFromUtc(s.StartUtc, zone), TimeZoneInfo.ConvertTimeFromUtc(s.EndUtc, zone)))
                    .Select(s => (Slot?)s).FirstOrDefault();
                if (fitting is not { } slot || entry.Offer(slot.StartUtc, slot.EndUtc, expires, from?.Lat, from?.Lng, now) is not null)
                {
                    continue;
                }
                // Held from now on: the next entry in line is offered another start, never this one.
                busy.Add(new BusyBooking(new UtcInterval(slot.StartUtc, slot.EndUtc), from));
                offeredDates.Add(day.Key);
                notices.Add(Notice(entry, provider.TimeZoneId, zone, now));
            }
        }
        if (notices.Count == 0)
        {
            return 0;
        }
        // A hold takes time like a booking: racing creates see the version move and check the calendar again.
        provider.CalendarChanged(offeredDates.Distinct().Order().ToList(), now);
        db.Notifications.AddRange(notices);
        await db.SaveChangesAsync(ct);
        return notices.Count;
    }

    /// <summary>
    /// The time-driven part, run by <see cref="WaitlistJob"/>: offers not claimed in time lapse (their start goes to the
    /// next in line), and entries whose date has passed in the provider's zone end as expired. Returns how many changed.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = Now();
        var latestPast = DateOnly.FromDateTime(now).AddDays(1);
        var due = await db.WaitlistEntries.AsNoTracking()
            .Where(w => (w.Status == WaitlistStatus.Offered && w.OfferExpiresUtc <= now)
                || ((w.Status == WaitlistStatus.Waiting || w.Status == WaitlistStatus.Offered) && w.Date <= latestPast))
            .Select(w => new { w.Id, w.ProviderId })
            .ToListAsync(ct);
        var changed = 0;
        foreach (var provider in due.GroupBy(d => d.ProviderId))
        {
            var ids = provider.Select(d => d.Id).ToList();
            // Waits for delivery: the availability change it raises is what passes a lapsed start to the next in line.
            var result = await calendar.RunAsync(attemptCt => SweepProviderAsync(provider.Key, ids, now, attemptCt), ct);
            changed += result.Value;
        }
        return changed;
    }

    private async Task<Result<int>> SweepProviderAsync(int providerId, List<int> ids, DateTime now, CancellationToken ct)
    {
        var provider = await db.Providers.FirstAsync(p => p.Id == providerId, ct);
        var today = AvailabilityEngine.LocalDate(provider.TimeZoneId, now);
        var entries = await db.WaitlistEntries.Where(w => ids.Contains(w.Id)).ToListAsync(ct);
        var freed = new List<DateOnly>();
        var changed = 0;
        foreach (var entry in entries)
        {
            var held = entry.HoldsTime;
            if (entry.Expire(today, now) || entry.Lapse(now))
            {
                changed++;
                if (held)
                {
                    freed.Add(entry.Date);
                }
            }
        }
        if (changed == 0)
        {
            return 0;
        }
        if (freed.Count > 0)
        {
            provider.CalendarChanged(freed.Distinct().Order().ToList(), now);
        }
        await db.SaveChangesAsync(ct);
        return changed;
    }

    private static Notification Notice(WaitlistEntry entry, string timeZoneId, TimeZoneInfo zone, DateTime now)
    {
        var start = TimeZoneInfo.ConvertTimeFromUtc(entry.OfferStartUtc!.Value, zone);
        var until = TimeZoneInfo.ConvertTimeFromUtc(entry.OfferExpiresUtc!.Value, zone);
        var body = string.Create(CultureInfo.InvariantCulture,
            $"{start:ddd d MMM yyyy, HH:mm} ({timeZoneId}) is free and held for you until {until:HH:mm}. Claim it on My waitlist before someone else gets it.");
        return new Notification { UserId = entry.CustomerId, Kind = OfferKind, Title = "A time you waited for is free", Body = body, CreatedAt = now };
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
