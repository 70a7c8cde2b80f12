using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Features.Notifications;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Providers;

/// <summary>A signed-in provider manages their own schedule, time off and services.</summary>
public sealed class ProviderSelfService(HomeSerDbContext db, CalendarTransaction calendar, TimeProvider clock, CalendarIntegrity integrity, RequestValidator validator)
{
    public const int MaxTimeOffDays = 365;
    public const int MaxReason = 200;

    // ---- schedule ----

    public async Task<Result<ScheduleView>> GetScheduleAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var profile = await OwnProfileAsync(user, track: false, cancellationToken);
        if (profile.Error is { } error)
        {
            return error;
        }
        return await DescribeScheduleAsync(profile.Value!, cancellationToken);
    }

    /// <summary>Replaces weekly hours and scheduling rules; bookings racing this change are stopped by the schedule version.</summary>
    public async Task<Result<ScheduleView>> UpdateScheduleAsync(ClaimsPrincipal user, ScheduleRequest request, CancellationToken cancellationToken)
    {
        if (await validator.ValidateAsync(request, cancellationToken) is { } invalid)
        {
            return invalid;
        }
        var schedule = ParseSchedule(request);
        ProviderSchedule Rules(ProviderProfile profile) => new(schedule.TimeZone.Id,
            schedule.Periods.Select(p => new WorkingInterval(p.Day, p.Start, p.End)).ToList(),
            schedule.Periods.SelectMany(p => p.Breaks.Select(b => new WorkingBreak(p.Day, b.Start, b.End))).ToList(),
            request.BufferMinutes ?? profile.BufferMinutes, request.MinNoticeMinutes ?? profile.MinNoticeMinutes,
            request.MaxAdvanceDays ?? profile.MaxAdvanceDays, profile.SlotStepMinutes);
        if (request.CancelAffected == true && await CancelStrandedAsync(user, profile => integrity.OutsideHoursAsync(profile.Id, Rules(profile), cancellationToken), cancellationToken) is { } notCancelled)
        {
            return notCancelled;
        }
        var oldAdvanceDays = 0;
        var saved = await SaveScheduleChangeAsync(user, async profile =>
        {
            // Checked in the transaction that saves the hours, so a booking made meanwhile is caught too.
            if (await integrity.OutsideHoursAsync(profile.Id, Rules(profile), cancellationToken) is { Count: > 0 } stranded)
            {
                return CalendarIntegrity.Conflict(stranded, field: "weekly_hours");
            }
            oldAdvanceDays = profile.MaxAdvanceDays;
            profile.TimeZoneId = schedule.TimeZone.Id;
            profile.BufferMinutes = request.BufferMinutes ?? profile.BufferMinutes;
            profile.MinNoticeMinutes = request.MinNoticeMinutes ?? profile.MinNoticeMinutes;
            profile.MaxAdvanceDays = request.MaxAdvanceDays ?? profile.MaxAdvanceDays;
            profile.TravelSpeedKmh = request.TravelSpeedKmh ?? profile.TravelSpeedKmh;
            if (request.ServiceArea is { } area)
            {
                profile.City = area.City?.Trim() ?? profile.City;
                profile.Latitude = area.Latitude ?? profile.Latitude;
                profile.Longitude = area.Longitude ?? profile.Longitude;
                profile.ServiceRadiusKm = area.RadiusKm ?? profile.ServiceRadiusKm;
            }
            db.WeeklyHours.RemoveRange(await db.WeeklyHours.Where(h => h.ProviderId == profile.Id).ToListAsync(cancellationToken));
            db.WeeklyBreaks.RemoveRange(await db.WeeklyBreaks.Where(b => b.ProviderId == profile.Id).ToListAsync(cancellationToken));
            foreach (var period in schedule.Periods)
            {
                db.WeeklyHours.Add(new WeeklyHours { ProviderId = profile.Id, Day = period.Day, Start = period.Start, End = period.End });
                db.WeeklyBreaks.AddRange(period.Breaks.Select(b => new WeeklyBreak { ProviderId = profile.Id, Day = period.Day, Start = b.Start, End = b.End }));
            }
            return null;
        }, profile =>
        {
            var today = LocalToday(profile);
            var days = Math.Max(oldAdvanceDays, profile.MaxAdvanceDays) + 1;
            // The service area and scheduling rules are search inputs too.
            profile.CatalogChanged(clock.GetUtcNow().UtcDateTime);
            return Enumerable.Range(0, days).Select(today.AddDays).ToList();
        }, cancellationToken);
        if (saved.Error is { } error)
        {
            return error;
        }
        return await DescribeScheduleAsync(saved.Value!, cancellationToken);
    }

    // ---- time off ----

    /// <summary>The provider's time off that has not ended yet, soonest first.</summary>
    public async Task<Result<PagedList<TimeOffView>>> ListTimeOffAsync(ClaimsPrincipal user, PageRequest page, CancellationToken cancellationToken)
    {
        var profile = await OwnProfileAsync(user, track: false, cancellationToken);
        if (profile.Error is { } error)
        {
            return error;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var query = db.TimeOff.AsNoTracking().Where(t => t.ProviderId == profile.Value!.Id && t.EndUtc > now);
        var count = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(t => t.StartUtc).ThenBy(t => t.Id).Skip(page.Skip).Take(page.PageSize)
            .Select(t => new TimeOffView(t.Id, t.StartUtc, t.EndUtc, t.Reason, t.CreatedAt))
            .ToListAsync(cancellationToken);
        return new PagedList<TimeOffView>(count, items);
    }

    public async Task<Result<TimeOffView>> CreateTimeOffAsync(ClaimsPrincipal user, TimeOffRequest request, CancellationToken cancellationToken)
    {
        if (await validator.ValidateAsync(request, cancellationToken) is { } invalid)
        {
            return invalid;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var start = request.StartTime!.Value.ToUniversalTime();
        var end = request.EndTime!.Value.ToUniversalTime();
        var reason = request.Reason?.Trim() ?? "";
        if (end <= start)
        {
            return DomainError.Validation("end_time", "Must be after start_time.");
        }
        if (end - start > TimeSpan.FromDays(MaxTimeOffDays))
        {
            return DomainError.Validation("end_time", $"Time off can last at most {MaxTimeOffDays} days.");
        }
        if (end <= now)
        {
            return DomainError.Validation("end_time", "This time off is already over.");
        }

        if (request.CancelAffected == true && await CancelStrandedAsync(user, profile => integrity.InsideAsync(profile.Id, start, end, cancellationToken), cancellationToken) is { } notCancelled)
        {
            return notCancelled;
        }
        TimeOff? timeOff = null;
        var saved = await SaveScheduleChangeAsync(user, async profile =>
        {
            // Checked in the transaction that saves the time off, so a booking made meanwhile is caught too.
            if (await integrity.InsideAsync(profile.Id, start, end, cancellationToken) is { Count: > 0 } stranded)
            {
                return CalendarIntegrity.Conflict(stranded);
            }
            timeOff = new TimeOff { ProviderId = profile.Id, StartUtc = start, EndUtc = end, Reason = reason, CreatedAt = now };
            db.TimeOff.Add(timeOff);
            return null;
        }, profile => LocalDates(profile, timeOff!.StartUtc, timeOff.EndUtc), cancellationToken);
        if (saved.Error is { } error)
        {
            return error;
        }
        return new TimeOffView(timeOff!.Id, timeOff.StartUtc, timeOff.EndUtc, timeOff.Reason, timeOff.CreatedAt);
    }

    /// <summary>Deletes one of the provider's own time-off spans; anyone else's is "not found".</summary>
    public async Task<Result<bool>> DeleteTimeOffAsync(ClaimsPrincipal user, int id, CancellationToken cancellationToken)
    {
        TimeOff? removed = null;
        var saved = await SaveScheduleChangeAsync(user, async profile =>
        {
            removed = await db.TimeOff.FirstOrDefaultAsync(t => t.Id == id && t.ProviderId == profile.Id, cancellationToken);
            if (removed is null)
            {
                return DomainError.NotFound("The time off");
            }
            db.TimeOff.Remove(removed);
            return null;
        }, profile => LocalDates(profile, removed!.StartUtc, removed.EndUtc), cancellationToken);
        if (saved.Error is { } error)
        {
            return error;
        }
        return true;
    }

    // ---- services ----

    public async Task<Result<PagedList<OwnServiceView>>> ListServicesAsync(ClaimsPrincipal user, PageRequest page, CancellationToken cancellationToken)
    {
        var profile = await OwnProfileAsync(user, track: false, cancellationToken);
        if (profile.Error is { } error)
        {
            return error;
        }
        var query = db.Services.AsNoTracking().Where(s => s.ProviderId == profile.Value!.Id);
        var count = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(s => s.Name).ThenBy(s => s.Id).Skip(page.Skip).Take(page.PageSize)
            .Select(s => new OwnServiceView(
                s.Id, new CategoryView(s.Category!.Id, s.Category.Slug, s.Category.Name, s.Category.Description),
                s.Name, s.Description, s.PriceCents, s.Currency, s.DurationMinutes, s.MinDurationMinutes, s.MaxDurationMinutes, s.IsActive, s.CreatedAt))
            .ToListAsync(cancellationToken);
        return new PagedList<OwnServiceView>(count, items);
    }

    public async Task<Result<OwnServiceView>> CreateServiceAsync(ClaimsPrincipal user, ServiceRequest request, CancellationToken cancellationToken)
    {
        var profile = await OwnProfileAsync(user, track: false, cancellationToken);
        if (profile.Error is { } forbidden)
        {
            return forbidden;
        }
        if (await validator.ValidateAsync(request, cancellationToken) is { } invalid)
        {
            return invalid;
        }
        // What a create needs beyond a patch; the record's annotations are shared by both.
        var missing = new[] { ("category", request.Category is null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }, "Required: a category id or slug."),
                ("price_cents", request.PriceCents is null, "Required."), ("duration_minutes", request.DurationMinutes is null, "Required.") }
            .Where(m => m.Item2).ToDictionary(m => m.Item1, m => new[] { m.Item3 });
        if (missing.Count > 0)
        {
            return DomainError.Validation(missing);
        }
        var category = await ResolveCategoryAsync(request.Category, cancellationToken);
        if (category.Error is { } unknown)
        {
            return unknown;
        }
        var service = new Service
        {
            ProviderId = profile.Value!.Id,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            Currency = "EUR",
        };
        if (Apply(service, request, category.Value) is { } inconsistent)
        {
            return inconsistent;
        }
        db.Services.Add(service);
        db.Raise(new CatalogChanged(service.ProviderId, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(cancellationToken);
        await db.EventsDeliveredAsync(cancellationToken);
        return Describe(service, category.Value!);
    }

    public async Task<Result<OwnServiceView>> UpdateServiceAsync(ClaimsPrincipal user, int id, ServiceRequest request, CancellationToken cancellationToken)
    {
        var profile = await OwnProfileAsync(user, track: false, cancellationToken);
        if (profile.Error is { } forbidden)
        {
            return forbidden;
        }
        var service = await db.Services.Include(s => s.Category).FirstOrDefaultAsync(s => s.Id == id && s.ProviderId == profile.Value!.Id, cancellationToken);
        if (service is null)
        {
            return DomainError.NotFound("The service");
        }
        if (await validator.ValidateAsync(request, cancellationToken) is { } invalid)
        {
            return invalid;
        }
        var resolved = await ResolveCategoryAsync(request.Category, cancellationToken);
        if (resolved.Error is { } unknown)
        {
            return unknown;
        }
        var category = resolved.Value ?? service.Category!;
        if (Apply(service, request, category) is { } inconsistent)
        {
            db.ChangeTracker.Clear();
            return inconsistent;
        }
        db.Raise(new CatalogChanged(service.ProviderId, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(cancellationToken);
        await db.EventsDeliveredAsync(cancellationToken);
        return Describe(service, category);
    }

    // ---- helpers ----

    private async Task<Result<ProviderProfile>> OwnProfileAsync(ClaimsPrincipal user, bool track, CancellationToken cancellationToken)
    {
        if (user.UserId() is not { } userId)
        {
            return new DomainError(ErrorKind.NotAuthenticated, "Sign in first.");
        }
        if (!user.IsInRole(Roles.Provider))
        {
            return DomainError.Forbidden("Only providers manage a schedule and services.");
        }
        var query = track ? db.Providers : db.Providers.AsNoTracking();
        var profile = await query.FirstOrDefaultAsync(p => p.UserId == userId, cancellationToken);
        return profile is null ? DomainError.Forbidden("This account has no provider profile.") : profile;
    }

    /// <summary>
    /// Applies a change to the provider's calendar and bumps its schedule version in the same transaction, the way a
    /// booking does: a booking that committed in between changed the version too, so the calendar transaction reloads
    /// and redoes the change rather than letting either side slip through.
    /// </summary>
    /// <summary>With cancel_affected: cancels (as the provider) the bookings the change would strand, before the change is saved.</summary>
    private async Task<DomainError?> CancelStrandedAsync(ClaimsPrincipal user, Func<ProviderProfile, Task<List<AffectedBooking>>> find, CancellationToken cancellationToken)
    {
        var profile = await OwnProfileAsync(user, track: false, cancellationToken);
        if (profile.Error is { } error)
        {
            return error;
        }
        var affected = await find(profile.Value!);
        var actor = new Actor(profile.Value!.UserId, user.IsInRole(Roles.Customer), true, user.IsInRole(Roles.Admin), profile.Value.Id);
        return affected.Count == 0 ? null : await integrity.CancelAsync(actor, affected, cancellationToken);
    }

    private Task<Result<ProviderProfile>> SaveScheduleChangeAsync(
        ClaimsPrincipal user, Func<ProviderProfile, Task<DomainError?>> change, Func<ProviderProfile, IReadOnlyList<DateOnly>> changedDates,
        CancellationToken cancellationToken) =>
        calendar.RunAsync<ProviderProfile>(async attemptCancellation =>
        {
            db.ChangeTracker.Clear();
            var profile = await OwnProfileAsync(user, track: true, attemptCancellation);
            if (profile.Error is { } error)
            {
                return error;
            }
            if (await change(profile.Value!) is { } refused)
            {
                return refused;
            }
            profile.Value!.CalendarChanged(changedDates(profile.Value!), clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(attemptCancellation);
            return profile.Value!;
        }, cancellationToken);

    private DateOnly LocalToday(ProviderProfile provider) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone(provider)).DateTime);

    private static List<DateOnly> LocalDates(ProviderProfile provider, DateTime startUtc, DateTime endUtc)
    {
        var zone = Zone(provider);
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(startUtc, zone));
        var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(endUtc.AddTicks(-1), zone));
        var dates = new List<DateOnly>();
        for (var date = first; date <= last; date = date.AddDays(1))
        {
            dates.Add(date);
        }
        return dates;
    }

    private static TimeZoneInfo Zone(ProviderProfile provider) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(provider.TimeZoneId, out var zone) ? zone : TimeZoneInfo.Utc;

    private async Task<ScheduleView> DescribeScheduleAsync(ProviderProfile provider, CancellationToken cancellationToken)
    {
        var hours = await db.WeeklyHours.AsNoTracking().Where(h => h.ProviderId == provider.Id).ToListAsync(cancellationToken);
        var breaks = await db.WeeklyBreaks.AsNoTracking().Where(b => b.ProviderId == provider.Id).ToListAsync(cancellationToken);
        var periods = hours
            .OrderBy(h => ((int)h.Day + 6) % 7).ThenBy(h => h.Start)
            .Select(h => new WorkingHoursView(
                ScheduleRequest.DayNames[(int)h.Day], Clock(h.Start), Clock(h.End),
                breaks.Where(b => b.Day == h.Day && b.Start >= h.Start && b.End <= h.End).OrderBy(b => b.Start)
                    .Select(b => new BreakView(Clock(b.Start), Clock(b.End))).ToList()))
            .ToList();
        return new ScheduleView(
            provider.TimeZoneId, periods, provider.BufferMinutes, provider.MinNoticeMinutes, provider.MaxAdvanceDays,
            new ServiceAreaView(provider.City, provider.Latitude, provider.Longitude, provider.ServiceRadiusKm),
            provider.ScheduleVersion, provider.TravelSpeedKmh);
    }

    private static string Clock(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private sealed record ParsedBreak(TimeOnly Start, TimeOnly End);
    private sealed record ParsedPeriod(DayOfWeek Day, TimeOnly Start, TimeOnly End, IReadOnlyList<ParsedBreak> Breaks);
    private sealed record ParsedSchedule(TimeZoneInfo TimeZone, IReadOnlyList<ParsedPeriod> Periods);

    /// <summary>The request as the domain's types; its annotations were checked first.</summary>
    private static ParsedSchedule ParseSchedule(ScheduleRequest request) => new(
        IanaTimeZoneAttribute.Find(request.Timezone)!,
        request.WeeklyHours!.Select(period => new ParsedPeriod(period!.DayOfWeek, period.Times.Start, period.Times.End,
            (period.Breaks ?? []).Select(b => WireTimeAttribute.TryParse(b!.Start, out var start) && WireTimeAttribute.TryParse(b.End, out var end)
                ? new ParsedBreak(start, end) : throw new InvalidOperationException("An unvalidated break.")).ToList())).ToList());

    /// <summary>The category a request names by id or slug; none named is null.</summary>
    private async Task<Result<Category?>> ResolveCategoryAsync(JsonElement? value, CancellationToken cancellationToken)
    {
        Category? category = null;
        switch (value)
        {
            case null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }:
                return Result<Category?>.Ok(null);
            case { ValueKind: JsonValueKind.Number } number when number.TryGetInt32(out var id):
                category = await db.Categories.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
                break;
            case { ValueKind: JsonValueKind.String } text when text.GetString() is { Length: > 0 and <= 60 } slug:
                category = int.TryParse(slug, NumberStyles.None, CultureInfo.InvariantCulture, out var slugId)
                    ? await db.Categories.FirstOrDefaultAsync(c => c.Id == slugId, cancellationToken)
                    : await db.Categories.FirstOrDefaultAsync(c => c.Slug == slug.ToLowerInvariant(), cancellationToken);
                break;
        }
        return category is null ? DomainError.Validation("category", "No such category: give a category id or slug.") : category;
    }

    /// <summary>Applies a valid request; what is left to refuse is how its values sit with the service's current ones.</summary>
    private static DomainError? Apply(Service service, ServiceRequest request, Category? category)
    {
        if (category is not null)
        {
            service.CategoryId = category.Id;
            service.Category = category;
        }
        if (request.Name is not null || service.Name.Length == 0)
        {
            var name = request.Name?.Trim() ?? "";
            if (name.Length == 0)
            {
                return DomainError.Validation("name", "Required, at most 120 characters.");
            }
            service.Name = name;
        }
        if (request.Description is { } description)
        {
            service.Description = description.Trim();
        }
        service.PriceCents = request.PriceCents ?? service.PriceCents;
        service.Currency = request.Currency?.ToUpperInvariant() ?? service.Currency;
        var durationGiven = request.DurationMinutes is not null;
        service.DurationMinutes = request.DurationMinutes ?? service.DurationMinutes;
        // A new service with no limits given is bookable for exactly its own duration.
        service.MinDurationMinutes = request.MinDurationMinutes ?? (service.Id == 0 && durationGiven ? service.DurationMinutes : service.MinDurationMinutes);
        service.MaxDurationMinutes = request.MaxDurationMinutes ?? (service.Id == 0 && durationGiven ? service.DurationMinutes : service.MaxDurationMinutes);
        if (service.MinDurationMinutes > service.MaxDurationMinutes)
        {
            return DomainError.Validation("min_duration_minutes", "Must not exceed max_duration_minutes.");
        }
        if (service.DurationMinutes < service.MinDurationMinutes || service.DurationMinutes > service.MaxDurationMinutes)
        {
            return DomainError.Validation("duration_minutes", "Must lie between min_duration_minutes and max_duration_minutes.");
        }
        if (request.IsActive is { } active)
        {
            service.IsActive = active;
        }
        return null;
    }

    private static OwnServiceView Describe(Service s, Category c) => new(
        s.Id, new CategoryView(c.Id, c.Slug, c.Name, c.Description),
        s.Name, s.Description, s.PriceCents, s.Currency, s.DurationMinutes, s.MinDurationMinutes, s.MaxDurationMinutes, s.IsActive, s.CreatedAt);
}
