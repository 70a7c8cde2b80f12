namespace HomeSer.Web.Features.Scheduling;

/// <summary>
/// Where a provider works: within <see cref="RadiusKm"/> of their base. The one rule booking validation, the service
/// page and search cards ask, so they never disagree about whether a home is served.
/// </summary>
public readonly record struct ServiceArea(GeoPoint Base, double RadiusKm)
{
    /// <summary>How far <paramref name="place"/> is from the base when it lies beyond the radius; null when it is served.</summary>
    public double? OutsideBy(GeoPoint place)
    {
        var distanceKm = Base.DistanceKm(place);
        return distanceKm > RadiusKm ? distanceKm : null;
    }
}
