namespace HomeSer.Web.Features.Scheduling;

/// <summary>A place on the globe in decimal degrees (WGS 84).</summary>
public readonly record struct GeoPoint(double Lat, double Lng)
{
    private const double EarthRadiusKm = 6371.0;

    /// <summary>Great-circle distance in kilometres (haversine).</summary>
    public double DistanceKm(GeoPoint other)
    {
        var dLat = ToRadians(other.Lat - Lat);
        var dLng = ToRadians(other.Lng - Lng);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
            + Math.Cos(ToRadians(Lat)) * Math.Cos(ToRadians(other.Lat)) * Math.Sin(dLng / 2) * Math.Sin(dLng / 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    public static bool IsValid(double lat, double lng) =>
        double.IsFinite(lat) && double.IsFinite(lng) && lat is >= -90 and <= 90 && lng is >= -180 and <= 180;

    private static double ToRadians(double degrees) => degrees * Math.PI / 180;
}

/// <summary>An active booking's time (without buffer) and where it happens, if known.</summary>
public readonly record struct BusyBooking(UtcInterval Time, GeoPoint? Place = null)
{
    public static implicit operator BusyBooking(UtcInterval time) => new(time);
}

/// <summary>
/// How far apart two jobs must be: at least the provider's buffer, and at least the time to drive from one home to the
/// other at the provider's speed, rounded up to 5 minutes. Where either place is unknown the buffer alone applies.
/// </summary>
public static class TravelTime
{
    public const int DefaultSpeedKmh = 30;
    public const int RoundingMinutes = 5;

    /// <summary>
    /// The longest gap ever kept, so a loader knows how far around a range bookings can matter: two homes of one
    /// provider are never further apart than this in a day's work (360 km at 30 km/h).
    /// </summary>
    public static readonly TimeSpan MaxGap = TimeSpan.FromHours(12);

    public static int Minutes(double distanceKm, int speedKmh)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speedKmh);
        var minutes = distanceKm / speedKmh * 60;
        // A few metres of rounding noise must not add a whole step.
        return (int)Math.Ceiling(Math.Round(minutes, 6) / RoundingMinutes) * RoundingMinutes;
    }

    /// <summary>The gap kept between a job at <paramref name="from"/> and a busy booking at <paramref name="busy"/>.</summary>
    public static TimeSpan Gap(ProviderSchedule schedule, GeoPoint? from, GeoPoint? busy)
    {
        var buffer = TimeSpan.FromMinutes(schedule.BufferMinutes);
        if (from is not { } a || busy is not { } b)
        {
            return buffer;
        }
        var travel = TimeSpan.FromMinutes(Minutes(a.DistanceKm(b), schedule.TravelSpeedKmh));
        return Max(buffer, travel < MaxGap ? travel : MaxGap);
    }

    /// <summary>How far around a range bookings can still block it, with or without travel.</summary>
    public static TimeSpan Lookaround(ProviderSchedule schedule) => Max(TimeSpan.FromMinutes(schedule.BufferMinutes), MaxGap);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
