using System.Globalization;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Infrastructure;

namespace HomeSer.Web.Features.Admin;

/// <summary>Back-office text: zone-local input read as UTC, status words, errors as sentences (money and times: Pages.Display).</summary>
public static class BackofficeText
{
    public static TimeZoneInfo Zone(string timeZoneId) =>
        ProviderTimeZones.IsKnown(timeZoneId) ? ProviderTimeZones.Find(timeZoneId) : TimeZoneInfo.Utc;

    /// <summary>
    /// A wall-clock time in the zone as UTC, or null when it does not exist there (the spring-forward gap).
    /// An ambiguous autumn time is read as the first (daylight) occurrence.
    /// </summary>
    public static DateTime? ToUtc(DateTime local, string timeZoneId)
    {
        var zone = Zone(timeZoneId);
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            return null;
        }
        var offset = zone.IsAmbiguousTime(unspecified) ? zone.GetAmbiguousTimeOffsets(unspecified).Max() : zone.GetUtcOffset(unspecified);
        return DateTime.SpecifyKind(unspecified - offset, DateTimeKind.Utc);
    }

    /// <summary>A domain error as one sentence: its field messages where it has some.</summary>
    public static string Describe(DomainError error) =>
        error.Fields is { Count: > 0 } fields ? string.Join(" ", fields.SelectMany(f => f.Value)) : error.Message;
}
