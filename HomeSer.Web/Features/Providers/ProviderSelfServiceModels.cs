using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using HomeSer.Web.Infrastructure;
using HomeSer.Web.Features.Catalog;

namespace HomeSer.Web.Features.Providers;

// Requests have nullable members so a missing or mistyped value reaches validation as a named field error. Their
// annotations are the rules: AddValidation() checks them before an endpoint runs, RequestValidator for the pages, and
// the OpenAPI document is read from them.

public sealed record BreakRequest(
    [property: Required(ErrorMessage = BreakRequest.TimeMessage), WireTime(ErrorMessage = BreakRequest.TimeMessage)] string? Start,
    [property: Required(ErrorMessage = BreakRequest.TimeMessage), WireTime(ErrorMessage = BreakRequest.TimeMessage)] string? End) : IValidatableObject
{
    private const string TimeMessage = "Use a time HH:mm.";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (WireTimeAttribute.TryParse(Start, out var start) && WireTimeAttribute.TryParse(End, out var end) && start >= end)
        {
            yield return new ValidationResult("Must be after start.", [nameof(End)]);
        }
    }
}

public sealed record WorkingHoursRequest(
    [property: Required(ErrorMessage = WorkingHoursRequest.DayMessage), WireEnum("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", ErrorMessage = WorkingHoursRequest.DayMessage)] string? Day,
    [property: Required(ErrorMessage = "Use a time HH:mm, e.g. 08:00."), WireTime(ErrorMessage = "Use a time HH:mm, e.g. 08:00.")] string? Start,
    [property: Required(ErrorMessage = "Use a time HH:mm, e.g. 18:00."), WireTime(ErrorMessage = "Use a time HH:mm, e.g. 18:00.")] string? End,
    [property: MaxLength(WorkingHoursRequest.MaxBreaks, ErrorMessage = "At most {1} breaks per period.")] IReadOnlyList<BreakRequest?>? Breaks) : IValidatableObject
{
    public const int MaxBreaks = 10;
    private const string DayMessage = "Use a day name: monday ... sunday.";

    /// <summary>The day this period is on (its annotations hold).</summary>
    public DayOfWeek DayOfWeek => ScheduleRequest.ParseDay(Day)!.Value;

    /// <summary>Its start and end (its annotations hold).</summary>
    public (TimeOnly Start, TimeOnly End) Times =>
        WireTimeAttribute.TryParse(Start, out var start) && WireTimeAttribute.TryParse(End, out var end) ? (start, end) : default;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var (start, end) = Times;
        if (start >= end)
        {
            yield return new ValidationResult("Must be after start.", [nameof(End)]);
            yield break;
        }
        var breaks = Breaks ?? [];
        var seen = new List<(TimeOnly Start, TimeOnly End)>();
        for (var i = 0; i < breaks.Count; i++)
        {
            var member = $"{nameof(Breaks)}[{i}]";
            if (breaks[i] is not { } pause)
            {
                yield return new ValidationResult("Must be an object {start, end}.", [member]);
                continue;
            }
            WireTimeAttribute.TryParse(pause.Start, out var breakStart);
            WireTimeAttribute.TryParse(pause.End, out var breakEnd);
            if (breakStart < start || breakEnd > end)
            {
                yield return new ValidationResult("A break must lie inside its working period.", [member]);
            }
            else if (seen.Any(b => breakStart < b.End && b.Start < breakEnd))
            {
                yield return new ValidationResult("Overlaps another break.", [member]);
            }
            else
            {
                seen.Add((breakStart, breakEnd));
            }
        }
    }
}

public sealed record ServiceAreaRequest(
    [property: StringLength(100, MinimumLength = 1, ErrorMessage = "Use 1 to 100 characters.")] string? City,
    [property: Range(-90d, 90d, ErrorMessage = "Must be between -90 and 90.")] double? Latitude,
    [property: Range(-180d, 180d, ErrorMessage = "Must be between -180 and 180.")] double? Longitude,
    [property: Range(0d, 500d, MinimumIsExclusive = true, ErrorMessage = "Must be more than 0 and at most 500.")] double? RadiusKm);

/// <summary>
/// PUT body: replaces the schedule; omitted numbers and service area keep their current values. Coming bookings the new
/// hours leave outside are a conflict unless <c>cancel_affected</c> is true, which cancels them (and tells the customers).
/// </summary>
public sealed record ScheduleRequest(
    [property: Required(ErrorMessage = "Required: an IANA time zone such as 'Europe/Berlin'."), IanaTimeZone(ErrorMessage = "Not a known IANA time zone (e.g. 'Europe/Berlin').")] string? Timezone,
    [property: Required(ErrorMessage = "Required: a list of {{day, start, end, breaks}} (empty for no working hours)."), MaxLength(ScheduleRequest.MaxPeriods, ErrorMessage = "At most {1} working periods.")] IReadOnlyList<WorkingHoursRequest?>? WeeklyHours,
    [property: Range(0, 240, ErrorMessage = ScheduleRequest.RangeMessage)] int? BufferMinutes,
    [property: Range(0, 10080, ErrorMessage = ScheduleRequest.RangeMessage)] int? MinNoticeMinutes,
    [property: Range(1, 365, ErrorMessage = ScheduleRequest.RangeMessage)] int? MaxAdvanceDays,
    ServiceAreaRequest? ServiceArea,
    [property: Range(5, 120, ErrorMessage = ScheduleRequest.RangeMessage)] int? TravelSpeedKmh = null,
    bool? CancelAffected = null) : IValidatableObject
{
    public const int MaxPeriods = 50;
    private const string RangeMessage = "Must be between {1} and {2}.";

    public static readonly string[] DayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    public static DayOfWeek? ParseDay(string? day)
    {
        var index = Array.IndexOf(DayNames, day?.Trim().ToLowerInvariant());
        return index < 0 ? null : (DayOfWeek)index;
    }

    /// <summary>Rules across periods, once each period's own rules hold: a period per slot, no two overlapping on one day.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var periods = WeeklyHours ?? [];
        for (var i = 0; i < periods.Count; i++)
        {
            if (periods[i] is null)
            {
                yield return new ValidationResult("Must be an object {day, start, end, breaks}.", [$"{nameof(WeeklyHours)}[{i}]"]);
            }
        }
        var days = periods.Select((period, index) => (period, index)).Where(p => p.period is not null)
            .GroupBy(p => p.period!.DayOfWeek);
        foreach (var day in days)
        {
            var ordered = day.OrderBy(p => p.period!.Times.Start).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].period!.Times.Start < ordered[i - 1].period!.Times.End)
                {
                    yield return new ValidationResult($"Overlaps another working period on {DayNames[(int)day.Key]}.", [$"{nameof(WeeklyHours)}[{ordered[i].index}]"]);
                }
            }
        }
    }
}

public sealed record BreakView(string Start, string End);
public sealed record WorkingHoursView(string Day, string Start, string End, IReadOnlyList<BreakView> Breaks);

public sealed record ScheduleView(
    string Timezone,
    IReadOnlyList<WorkingHoursView> WeeklyHours,
    int BufferMinutes,
    int MinNoticeMinutes,
    int MaxAdvanceDays,
    ServiceAreaView ServiceArea,
    long Version,
    int TravelSpeedKmh);

/// <summary>Time off over active bookings is a conflict unless <c>cancel_affected</c> is true, which cancels them.</summary>
public sealed record TimeOffRequest(
    [property: Required(ErrorMessage = TimeOffRequest.InstantRequired), WireInstant] DateTime? StartTime,
    [property: Required(ErrorMessage = TimeOffRequest.InstantRequired), WireInstant] DateTime? EndTime,
    [property: MaxLength(ProviderSelfService.MaxReason, ErrorMessage = "Use at most {1} characters.")] string? Reason,
    bool? CancelAffected = null)
{
    private const string InstantRequired = "Required: an ISO-8601 instant such as 2030-01-07T09:00:00Z.";
}

/// <summary>One booking a calendar change would leave outside the provider's time, as named in a 409.</summary>
public sealed record AffectedBooking(int Id, DateTime StartTime, DateTime ScheduledEndTime, string Status);
public sealed record TimeOffView(int Id, DateTime StartTime, DateTime EndTime, string Reason, DateTime CreatedAt);

/// <summary>Create or patch body for a provider's service. <c>category</c> is a category id or slug.</summary>
public sealed record ServiceRequest(
    JsonElement? Category,
    [property: StringLength(120, MinimumLength = 1, ErrorMessage = "Required, at most {1} characters.")] string? Name,
    [property: MaxLength(2000, ErrorMessage = "Use at most {1} characters.")] string? Description,
    [property: Range(typeof(long), "0", "1000000000", ErrorMessage = "Must be 0 or more (in minor units), at most {2}.")] long? PriceCents,
    [property: RegularExpression("^[A-Za-z]{3}$", ErrorMessage = "Use a 3-letter ISO 4217 code such as EUR.")] string? Currency,
    [property: Range(15, 720, ErrorMessage = ServiceRequest.DurationMessage), MultipleOf(15, ErrorMessage = ServiceRequest.DurationMessage)] int? DurationMinutes,
    [property: Range(15, 720, ErrorMessage = ServiceRequest.DurationMessage), MultipleOf(15, ErrorMessage = ServiceRequest.DurationMessage)] int? MinDurationMinutes,
    [property: Range(15, 720, ErrorMessage = ServiceRequest.DurationMessage), MultipleOf(15, ErrorMessage = ServiceRequest.DurationMessage)] int? MaxDurationMinutes,
    bool? IsActive)
{
    private const string DurationMessage = "Must be a multiple of 15 minutes between 15 and 720.";
}

public sealed record OwnServiceView(
    int Id,
    CategoryView Category,
    string Name,
    string Description,
    long PriceCents,
    string Currency,
    int DurationMinutes,
    int MinDurationMinutes,
    int MaxDurationMinutes,
    bool IsActive,
    DateTime CreatedAt);
