using System.Globalization;
using HomeSer.Web.Features.Scheduling;

namespace HomeSer.Web.Pages;

/// <summary>How every page writes money, times and durations for people. Times are shown in the provider's zone.</summary>
public static class Display
{
    /// <summary>Where a job is, as much of it as the viewer may see ("10999 Berlin (2.3 km from your base)" for a provider before confirmation).</summary>
    public static string Address(Features.Bookings.AddressView address, bool providerViewing = false)
    {
        ArgumentNullException.ThrowIfNull(address);
        var town = string.Join(' ', new[] { address.PostalCode, address.City }.Where(p => !string.IsNullOrWhiteSpace(p)));
        var place = string.Join(", ", new[] { address.Street, town }.Where(p => !string.IsNullOrWhiteSpace(p)));
        var distance = address.DistanceKm is { } km ? string.Create(CultureInfo.InvariantCulture, $" ({km:0.#} km from {(providerViewing ? "your" : "the provider's")} base)") : "";
        return (place.Length == 0 ? "Somewhere in the service area" : place) + distance;
    }

    public static string Price(long cents, string currency)
    {
        var amount = (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);
        return currency switch
        {
            "EUR" => $"€{amount}",
            "GBP" => $"£{amount}",
            "USD" => $"${amount}",
            _ => $"{amount} {currency}",
        };
    }

    /// <summary>Wall-clock time in the zone; an unknown zone (bad data) falls back to UTC rather than failing the page.</summary>
    public static DateTime ToLocal(DateTime utc, string timeZoneId) => ProviderTimeZones.ToLocal(
        ProviderTimeZones.IsKnown(timeZoneId) ? ProviderTimeZones.Find(timeZoneId) : TimeZoneInfo.Utc,
        DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    /// <summary>"Tue 8 Jan 2030, 09:00" in the zone.</summary>
    public static string Time(DateTime utc, string timeZoneId) =>
        ToLocal(utc, timeZoneId).ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"Tue 8 Jan 2030, 09:00 (Europe/Berlin)": the zone named so nobody misreads the time.</summary>
    public static string TimeWithZone(DateTime utc, string timeZoneId) => $"{Time(utc, timeZoneId)} ({timeZoneId})";

    /// <summary>"Berlin time" for Europe/Berlin: the zone said the way people say it.</summary>
    public static string ZoneName(string timeZoneId) => timeZoneId.Split('/')[^1].Replace('_', ' ') + " time";

    /// <summary>"09:00" in the zone.</summary>
    public static string Clock(DateTime utc, string timeZoneId) =>
        ToLocal(utc, timeZoneId).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Day(DateOnly date) => date.ToString("ddd d MMM", CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => date.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture);

    public static string IsoUtc(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>"1 h 20 min" left until a deadline, rounded up to the minute; "under a minute" at the end.</summary>
    public static string TimeLeft(DateTime untilUtc, DateTime nowUtc)
    {
        var minutes = (int)Math.Ceiling((untilUtc - nowUtc).TotalMinutes);
        return minutes <= 1 ? "under a minute" : Duration(minutes);
    }

    public static string Duration(int minutes) => (minutes / 60, minutes % 60) switch
    {
        (0, var m) => $"{m} min",
        (var h, 0) => $"{h} h",
        (var h, var m) => $"{h} h {m} min",
    };
}
