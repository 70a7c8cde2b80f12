using System.Collections.Concurrent;

namespace HomeSer.Web.Features.Scheduling;

/// <summary>Cached lookup of providers' IANA time zones.</summary>
internal static class ProviderTimeZones
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    public static TimeZoneInfo Find(string timeZoneId)
    {
        ArgumentNullException.ThrowIfNull(timeZoneId);
        return Zones.GetOrAdd(timeZoneId, TimeZoneInfo.FindSystemTimeZoneById);
    }

    public static bool IsKnown(string? timeZoneId)
    {
        if (string.IsNullOrWhiteSpace(timeZoneId))
        {
            return false;
        }

        try
        {
            Find(timeZoneId);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    public static DateTime ToLocal(TimeZoneInfo zone, DateTime utc) =>
        DateTime.SpecifyKind(utc + zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), DateTimeKind.Unspecified);
}
