using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
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
public sealed partial class ProviderSelfService(HomeSerDbContext db, CalendarTransaction calendar, TimeProvider clock, IDomainEventPublisher events,
    CalendarIntegrity integrity)
{
    public const int MaxTimeOffDays = 365;
    public const int MaxReason = 200;

    private static readonly string[] DayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

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
        var parsed = ParseSchedule(request);
        if (parsed.Error is { } invalid)
        {
            return invalid;
        }
        var schedule = parsed.Value!;
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
        }, cancellationToken);
        if (saved.Error is { } error)
        {
            return error;
        }
        var provider = saved.Value!;
        var today = LocalToday(provider);
        var days = Math.Max(oldAdvanceDays, provider.MaxAdvanceDays) + 1;
        await PublishAsync(provider.Id, Enumerable.Range(0, days).Select(today.AddDays).ToList(), cancellationToken);
        // The service area and scheduling rules are search inputs too.
        await PublishCatalogChangedAsync(provider.Id, cancellationToken);
        return await DescribeScheduleAsync(provider, cancellationToken);
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
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, string[]>();
        var start = Instant(request.StartTime, "start_time", errors);
        var end = Instant(request.EndTime, "end_time", errors);
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length > MaxReason)
        {
            errors["reason"] = [$"Use at most {MaxReason} characters."];
        }
        if (start is { } s && end is { } e)
        {
            if (e <= s)
            {
                errors["end_time"] = ["Must be after start_time."];
            }
            else if (e - s > TimeSpan.FromDays(MaxTimeOffDays))
            {
                errors["end_time"] = [$"Time off can last at most {MaxTimeOffDays} days."];
            }
            else if (e <= now)
            {
                errors["end_time"] = ["This time off is already over."];
            }
        }
        if (errors.Count > 0)
        {
            return DomainError.Validation(errors);
        }

        if (request.CancelAffected == true && await CancelStrandedAsync(user, profile => integrity.InsideAsync(profile.Id, start!.Value, end!.Value, cancellationToken), cancellationToken) is { } notCancelled)
        {
            return notCancelled;
        }
        TimeOff? timeOff = null;
        var saved = await SaveScheduleChangeAsync(user, async profile =>
        {
            // Checked in the transaction that saves the time off, so a booking made meanwhile is caught too.
            if (await integrity.InsideAsync(profile.Id, start!.Value, end!.Value, cancellationToken) is { Count: > 0 } stranded)
            {
                return CalendarIntegrity.Conflict(stranded);
            }
            timeOff = new TimeOff { ProviderId = profile.Id, StartUtc = start!.Value, EndUtc = end!.Value, Reason = reason, CreatedAt = now };
            db.TimeOff.Add(timeOff);
            return null;
        }, cancellationToken);
        if (saved.Error is { } error)
        {
            return error;
        }
        await PublishAsync(saved.Value!.Id, LocalDates(saved.Value!, timeOff!.StartUtc, timeOff.EndUtc), cancellationToken);
        return new TimeOffView(timeOff.Id, timeOff.StartUtc, timeOff.EndUtc, timeOff.Reason, timeOff.CreatedAt);
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
        }, cancellationToken);
        if (saved.Error is { } error)
        {
            return error;
        }
        await PublishAsync(saved.Value!.Id, LocalDates(saved.Value!, removed!.StartUtc, removed.EndUtc), cancellationToken);
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
        var errors = new Dictionary<string, string[]>();
        var category = await ResolveCategoryAsync(request.Category, required: true, errors, cancellationToken);
        if (request.PriceCents is null)
        {
            errors["price_cents"] = ["Required."];
        }
        if (request.DurationMinutes is null)
        {
            errors["duration_minutes"] = ["Required."];
        }
        var service = new Service
        {
            ProviderId = profile.Value!.Id,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            Currency = "EUR",
        };
        Apply(service, request, category, errors);
        if (errors.Count > 0)
        {
            return DomainError.Validation(errors);
        }
        db.Services.Add(service);
        await db.SaveChangesAsync(cancellationToken);
        await PublishCatalogChangedAsync(service.ProviderId, cancellationToken);
        return Describe(service, category!);
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
        var errors = new Dictionary<string, string[]>();
        var category = await ResolveCategoryAsync(request.Category, required: false, errors, cancellationToken) ?? service.Category!;
        Apply(service, request, category, errors);
        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            return DomainError.Validation(errors);
        }
        await db.SaveChangesAsync(cancellationToken);
        await PublishCatalogChangedAsync(service.ProviderId, cancellationToken);
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
        ClaimsPrincipal user, Func<ProviderProfile, Task<DomainError?>> change, CancellationToken cancellationToken) =>
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
            profile.Value!.ScheduleVersion++;
            await db.SaveChangesAsync(attemptCancellation);
            return profile.Value!;
        }, cancellationToken);

    private async Task PublishAsync(int providerId, IReadOnlyList<DateOnly> dates, CancellationToken cancellationToken) =>
        await events.PublishAsync([new AvailabilityChanged(providerId, dates, clock.GetUtcNow().UtcDateTime)], cancellationToken);

    private async Task PublishCatalogChangedAsync(int providerId, CancellationToken cancellationToken) =>
        await events.PublishAsync([new CatalogChanged(providerId, clock.GetUtcNow().UtcDateTime)], cancellationToken);

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
                DayNames[(int)h.Day], Clock(h.Start), Clock(h.End),
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

    private static Result<ParsedSchedule> ParseSchedule(ScheduleRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        TimeZoneInfo? zone = null;
        if (string.IsNullOrWhiteSpace(request.Timezone))
        {
            errors["timezone"] = ["Required: an IANA time zone such as 'Europe/Berlin'."];
        }
        else if (request.Timezone.Length > 64
            || !TimeZoneInfo.TryFindSystemTimeZoneById(request.Timezone.Trim(), out zone)
            || !zone.HasIanaId)
        {
            zone = null;
            errors["timezone"] = ["Not a known IANA time zone (e.g. 'Europe/Berlin')."];
        }
        Range(request.BufferMinutes, "buffer_minutes", 0, 240, errors);
        Range(request.MinNoticeMinutes, "min_notice_minutes", 0, 10080, errors);
        Range(request.MaxAdvanceDays, "max_advance_days", 1, 365, errors);
        Range(request.TravelSpeedKmh, "travel_speed_kmh", 5, 120, errors);
        if (request.ServiceArea is { } area)
        {
            if (area.City is { } city && city.Trim().Length is 0 or > 100)
            {
                errors["service_area.city"] = ["Use 1 to 100 characters."];
            }
            if (area.Latitude is < -90 or > 90 || area.Latitude is double.NaN)
            {
                errors["service_area.latitude"] = ["Must be between -90 and 90."];
            }
            if (area.Longitude is < -180 or > 180 || area.Longitude is double.NaN)
            {
                errors["service_area.longitude"] = ["Must be between -180 and 180."];
            }
            if (area.RadiusKm is <= 0 or > 500 || area.RadiusKm is double.NaN)
            {
                errors["service_area.radius_km"] = ["Must be more than 0 and at most 500."];
            }
        }

        var periods = new List<ParsedPeriod>();
        if (request.WeeklyHours is null)
        {
            errors["weekly_hours"] = ["Required: a list of {day, start, end, breaks} (empty for no working hours)."];
        }
        else if (request.WeeklyHours.Count > 50)
        {
            errors["weekly_hours"] = ["At most 50 working periods."];
        }
        else
        {
            for (var i = 0; i < request.WeeklyHours.Count; i++)
            {
                if (ParsePeriod(request.WeeklyHours[i], $"weekly_hours[{i}]", errors) is { } period)
                {
                    periods.Add(period);
                }
            }
            foreach (var day in periods.GroupBy(p => p.Day))
            {
                var ordered = day.OrderBy(p => p.Start).ToList();
                for (var i = 1; i < ordered.Count; i++)
                {
                    if (ordered[i].Start < ordered[i - 1].End)
                    {
                        var index = request.WeeklyHours.Select((p, n) => (p, n)).First(x => x.p is not null && ParseTime(x.p.Start) == ordered[i].Start && ParseDay(x.p.Day) == day.Key).n;
                        errors[$"weekly_hours[{index}]"] = [$"Overlaps another working period on {DayNames[(int)day.Key]}."];
                    }
                }
            }
        }
        if (errors.Count > 0)
        {
            return DomainError.Validation(errors);
        }
        return new ParsedSchedule(zone!, periods);
    }

    private static ParsedPeriod? ParsePeriod(WorkingHoursRequest? request, string field, Dictionary<string, string[]> errors)
    {
        if (request is null)
        {
            errors[field] = ["Must be an object {day, start, end, breaks}."];
            return null;
        }
        var day = ParseDay(request.Day);
        if (day is null)
        {
            errors[$"{field}.day"] = ["Use a day name: monday ... sunday."];
        }
        var start = ParseTime(request.Start);
        var end = ParseTime(request.End);
        if (start is null)
        {
            errors[$"{field}.start"] = ["Use a time HH:mm, e.g. 08:00."];
        }
        if (end is null)
        {
            errors[$"{field}.end"] = ["Use a time HH:mm, e.g. 18:00."];
        }
        if (start is { } s && end is { } e && s >= e)
        {
            errors[$"{field}.end"] = ["Must be after start."];
            return null;
        }
        var breaks = new List<ParsedBreak>();
        var requested = request.Breaks ?? [];
        if (requested.Count > 10)
        {
            errors[$"{field}.breaks"] = ["At most 10 breaks per period."];
            return null;
        }
        for (var i = 0; i < requested.Count; i++)
        {
            var breakField = $"{field}.breaks[{i}]";
            var pause = requested[i];
            var breakStart = ParseTime(pause?.Start);
            var breakEnd = ParseTime(pause?.End);
            if (breakStart is null)
            {
                errors[$"{breakField}.start"] = ["Use a time HH:mm."];
            }
            if (breakEnd is null)
            {
                errors[$"{breakField}.end"] = ["Use a time HH:mm."];
            }
            if (breakStart is not { } bs || breakEnd is not { } be)
            {
                continue;
            }
            if (bs >= be)
            {
                errors[$"{breakField}.end"] = ["Must be after start."];
            }
            else if (start is { } ps && end is { } pe && (bs < ps || be > pe))
            {
                errors[breakField] = ["A break must lie inside its working period."];
            }
            else if (breaks.Any(b => bs < b.End && b.Start < be))
            {
                errors[breakField] = ["Overlaps another break."];
            }
            else
            {
                breaks.Add(new ParsedBreak(bs, be));
            }
        }
        return day is { } d && start is { } ps2 && end is { } pe2 ? new ParsedPeriod(d, ps2, pe2, breaks) : null;
    }

    private static DayOfWeek? ParseDay(string? day)
    {
        var index = Array.IndexOf(DayNames, day?.Trim().ToLowerInvariant());
        return index < 0 ? null : (DayOfWeek)index;
    }

    private static TimeOnly? ParseTime(string? value) =>
        TimeOnly.TryParseExact(value?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    private static void Range(int? value, string field, int min, int max, Dictionary<string, string[]> errors)
    {
        if (value is { } v && (v < min || v > max))
        {
            errors[field] = [$"Must be between {min} and {max}."];
        }
    }

    /// <summary>JSON instants must say which instant they are: 'Z' or an offset, never a bare local time.</summary>
    private static DateTime? Instant(DateTime? value, string field, Dictionary<string, string[]> errors)
    {
        switch (value)
        {
            case null:
                errors[field] = ["Required: an ISO-8601 instant such as 2030-01-07T09:00:00Z."];
                return null;
            case { Kind: DateTimeKind.Unspecified }:
                errors[field] = ["Give the time zone: end the instant with 'Z' or an offset."];
                return null;
            case { } instant when !CalendarDates.IsSupported(DateOnly.FromDateTime(instant.ToUniversalTime())):
                errors[field] = [CalendarDates.InstantMessage];
                return null;
            default:
                return value.Value.ToUniversalTime();
        }
    }

    private async Task<Category?> ResolveCategoryAsync(JsonElement? value, bool required, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        Category? category = null;
        switch (value)
        {
            case null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }:
                if (required)
                {
                    errors["category"] = ["Required: a category id or slug."];
                }
                return null;
            case { ValueKind: JsonValueKind.Number } number when number.TryGetInt32(out var id):
                category = await db.Categories.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
                break;
            case { ValueKind: JsonValueKind.String } text when text.GetString() is { Length: > 0 and <= 60 } slug:
                category = int.TryParse(slug, NumberStyles.None, CultureInfo.InvariantCulture, out var slugId)
                    ? await db.Categories.FirstOrDefaultAsync(c => c.Id == slugId, cancellationToken)
                    : await db.Categories.FirstOrDefaultAsync(c => c.Slug == slug.ToLowerInvariant(), cancellationToken);
                break;
        }
        if (category is null)
        {
            errors["category"] = ["No such category: give a category id or slug."];
        }
        return category;
    }

    private static void Apply(Service service, ServiceRequest request, Category? category, Dictionary<string, string[]> errors)
    {
        if (category is not null)
        {
            service.CategoryId = category.Id;
            service.Category = category;
        }
        if (request.Name is not null || service.Name.Length == 0)
        {
            var name = request.Name?.Trim() ?? "";
            if (name.Length is 0 or > 120)
            {
                errors["name"] = ["Required, at most 120 characters."];
            }
            service.Name = name;
        }
        if (request.Description is { } description)
        {
            if (description.Length > 2000)
            {
                errors["description"] = ["Use at most 2000 characters."];
            }
            service.Description = description.Trim();
        }
        if (request.PriceCents is { } price)
        {
            if (price is < 0 or > 10_000_000_00)
            {
                errors["price_cents"] = ["Must be 0 or more (in minor units), at most 1000000000."];
            }
            service.PriceCents = price;
        }
        if (request.Currency is { } currency)
        {
            if (!CurrencyPattern().IsMatch(currency))
            {
                errors["currency"] = ["Use a 3-letter ISO 4217 code such as EUR."];
            }
            service.Currency = currency.ToUpperInvariant();
        }
        var durationGiven = request.DurationMinutes is not null;
        service.DurationMinutes = Duration(request.DurationMinutes, "duration_minutes", service.DurationMinutes, errors);
        // A new service with no limits given is bookable for exactly its own duration.
        service.MinDurationMinutes = Duration(request.MinDurationMinutes, "min_duration_minutes",
            service.Id == 0 && durationGiven ? service.DurationMinutes : service.MinDurationMinutes, errors);
        service.MaxDurationMinutes = Duration(request.MaxDurationMinutes, "max_duration_minutes",
            service.Id == 0 && durationGiven ? service.DurationMinutes : service.MaxDurationMinutes, errors);
        if (!errors.ContainsKey("duration_minutes") && !errors.ContainsKey("min_duration_minutes") && !errors.ContainsKey("max_duration_minutes"))
        {
            if (service.MinDurationMinutes > service.MaxDurationMinutes)
            {
                errors["min_duration_minutes"] = ["Must not exceed max_duration_minutes."];
            }
            else if (service.DurationMinutes < service.MinDurationMinutes || service.DurationMinutes > service.MaxDurationMinutes)
            {
                errors["duration_minutes"] = ["Must lie between min_duration_minutes and max_duration_minutes."];
            }
        }
        if (request.IsActive is { } active)
        {
            service.IsActive = active;
        }
    }

    private static int Duration(int? value, string field, int current, Dictionary<string, string[]> errors)
    {
        if (value is not { } minutes)
        {
            return current;
        }
        if (minutes is < 15 or > 720 || minutes % 15 != 0)
        {
            errors[field] = ["Must be a multiple of 15 minutes between 15 and 720."];
        }
        return minutes;
    }

    private static OwnServiceView Describe(Service s, Category c) => new(
        s.Id, new CategoryView(c.Id, c.Slug, c.Name, c.Description),
        s.Name, s.Description, s.PriceCents, s.Currency, s.DurationMinutes, s.MinDurationMinutes, s.MaxDurationMinutes, s.IsActive, s.CreatedAt);

    [GeneratedRegex("^[A-Za-z]{3}$")]
    private static partial Regex CurrencyPattern();
}
