namespace HomeSer.Web.Features.Search;

/// <summary>Where a search looks from, in decimal degrees.</summary>
internal readonly record struct SearchPoint(double Lat, double Lng);

/// <summary>Latitude/longitude box that contains every point within the radius (Matuschek's bounds).</summary>
internal readonly record struct BoundingBox(double MinLat, double MaxLat, double MinLng, double MaxLng, bool AllLongitudes)
{
    private const double EarthRadiusKm = 6371.0;

    public static BoundingBox Around(SearchPoint center, double radiusKm)
    {
        var angular = radiusKm / EarthRadiusKm;
        var lat = center.Lat * Math.PI / 180;
        var minLat = lat - angular;
        var maxLat = lat + angular;
        const double halfPi = Math.PI / 2;
        if (minLat <= -halfPi || maxLat >= halfPi)
        {
            // The circle reaches a pole: every longitude is within reach.
            return new BoundingBox(Degrees(Math.Max(minLat, -halfPi)), Degrees(Math.Min(maxLat, halfPi)), -180, 180, true);
        }
        var deltaLng = Math.Asin(Math.Sin(angular) / Math.Cos(lat));
        var lng = center.Lng * Math.PI / 180;
        return new BoundingBox(Degrees(minLat), Degrees(maxLat), Degrees(lng - deltaLng), Degrees(lng + deltaLng), false);
    }

    private static double Degrees(double radians) => radians * 180 / Math.PI;

    /// <summary>The filter <see cref="CandidateSource.WithinBox"/> puts into SQL, in the same order, on the same doubles.</summary>
    public bool Contains(double latitude, double longitude)
    {
        if (!(latitude >= MinLat && latitude <= MaxLat))
        {
            return false;
        }
        if (AllLongitudes)
        {
            return true;
        }
        if (MinLng < -180)
        {
            var wrapped = MinLng + 360;
            return longitude >= wrapped || longitude <= MaxLng;
        }
        if (MaxLng > 180)
        {
            var wrapped = MaxLng - 360;
            return longitude >= MinLng || longitude <= wrapped;
        }
        return longitude >= MinLng && longitude <= MaxLng;
    }
}
