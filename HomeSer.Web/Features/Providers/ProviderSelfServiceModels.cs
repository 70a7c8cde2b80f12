using System.Text.Json;
using HomeSer.Web.Features.Catalog;

namespace HomeSer.Web.Features.Providers;

// Requests have nullable members so a missing or mistyped value reaches validation as a named field error.

public sealed record BreakRequest(string? Start, string? End);
public sealed record WorkingHoursRequest(string? Day, string? Start, string? End, IReadOnlyList<BreakRequest?>? Breaks);
public sealed record ServiceAreaRequest(string? City, double? Latitude, double? Longitude, double? RadiusKm);

/// <summary>
/// PUT body: replaces the schedule; omitted numbers and service area keep their current values. Coming bookings the new
/// hours leave outside are a conflict unless <c>cancel_affected</c> is true, which cancels them (and tells the customers).
/// </summary>
public sealed record ScheduleRequest(
    string? Timezone,
    IReadOnlyList<WorkingHoursRequest?>? WeeklyHours,
    int? BufferMinutes,
    int? MinNoticeMinutes,
    int? MaxAdvanceDays,
    ServiceAreaRequest? ServiceArea,
    int? TravelSpeedKmh = null,
    bool? CancelAffected = null);

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
public sealed record TimeOffRequest(DateTime? StartTime, DateTime? EndTime, string? Reason, bool? CancelAffected = null);

/// <summary>One booking a calendar change would leave outside the provider's time, as named in a 409.</summary>
public sealed record AffectedBooking(int Id, DateTime StartTime, DateTime ScheduledEndTime, string Status);
public sealed record TimeOffView(int Id, DateTime StartTime, DateTime EndTime, string Reason, DateTime CreatedAt);

/// <summary>Create or patch body for a provider's service. <c>category</c> is a category id or slug.</summary>
public sealed record ServiceRequest(
    JsonElement? Category,
    string? Name,
    string? Description,
    long? PriceCents,
    string? Currency,
    int? DurationMinutes,
    int? MinDurationMinutes,
    int? MaxDurationMinutes,
    bool? IsActive);

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
