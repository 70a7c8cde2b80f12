using System.Globalization;
using HomeSer.Web.Features.Scheduling;

namespace HomeSer.Tests.Scheduling;

/// <summary>Small builders for schedules and readable local times in scheduling tests.</summary>
internal static class ScheduleExamples
{
    public const string Berlin = "Europe/Berlin";
    public const string NewYork = "America/New_York";

    public static readonly UtcInterval[] None = [];

    public static ProviderSchedule Schedule(
        IReadOnlyList<WorkingInterval> hours,
        IReadOnlyList<WorkingBreak>? breaks = null,
        string zone = Berlin,
        int buffer = 0,
        int minNotice = 0,
        int maxAdvanceDays = 365,
        int step = 30) =>
        new(zone, hours, breaks ?? [], buffer, minNotice, maxAdvanceDays, step);

    public static WorkingInterval Works(DayOfWeek day, string start, string end) => new(day, Time(start), Time(end));

    public static WorkingBreak Pause(DayOfWeek day, string start, string end) => new(day, Time(start), Time(end));

    public static TimeOnly Time(string hhmm) => TimeOnly.ParseExact(hhmm, "HH:mm", CultureInfo.InvariantCulture);

    public static DateOnly Day(string yyyyMMdd) => DateOnly.ParseExact(yyyyMMdd, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The UTC instant of an unambiguous local wall-clock time, e.g. "2026-01-12 09:00".</summary>
    public static DateTime Utc(string local, string zone = Berlin)
    {
        var wallClock = DateTime.ParseExact(local, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return TimeZoneInfo.ConvertTimeToUtc(wallClock, TimeZoneInfo.FindSystemTimeZoneById(zone));
    }

    public static DateTime UtcInstant(string utc) =>
        DateTime.SpecifyKind(DateTime.ParseExact(utc, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), DateTimeKind.Utc);

    public static UtcInterval Local(string start, string end, string zone = Berlin) => new(Utc(start, zone), Utc(end, zone));

    /// <summary>Slot starts as local "HH:mm", the way a provider reads their day.</summary>
    public static string[] LocalStarts(IEnumerable<Slot> slots, string zone = Berlin) =>
        slots.Select(s => LocalText(s.StartUtc, zone, "HH:mm")).ToArray();

    /// <summary>Slot starts as local "yyyy-MM-dd HH:mm".</summary>
    public static string[] LocalStartsWithDay(IEnumerable<Slot> slots, string zone = Berlin) =>
        slots.Select(s => LocalText(s.StartUtc, zone, "yyyy-MM-dd HH:mm")).ToArray();

    public static string[] UtcStarts(IEnumerable<Slot> slots) =>
        slots.Select(s => s.StartUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).ToArray();

    private static string LocalText(DateTime utc, string zone, string format) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById(zone))
            .ToString(format, CultureInfo.InvariantCulture);
}
