using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Features.Search;

namespace HomeSer.Web.Features.Bookings;

/// <summary>
/// Where a job happens: the customer's home. Coordinates are always known; <see cref="Approximate"/> says they are the
/// centre of the city because the client sent none.
/// </summary>
public sealed record ServiceAddress(string Street, string PostalCode, string City, double Lat, double Lng, string AccessNotes, bool Approximate)
{
    public const int MaxStreetLength = 200;
    public const int MaxPostalCodeLength = 20;
    public const int MaxCityLength = 100;
    public const int MaxAccessNotesLength = 500;

    public GeoPoint Place => new(Lat, Lng);

    /// <summary>What a provider may see before the booking is confirmed: postal code and city, no door.</summary>
    public ServiceAddress WithoutDoor() => this with { Street = "", AccessNotes = "", IsRedacted = true };

    /// <summary>Street, access notes and exact coordinates were left out for this viewer.</summary>
    public bool IsRedacted { get; private init; }

    /// <summary>
    /// Checks an address as sent by a client (every bad field under <c>{prefix}.field</c>) and resolves its place:
    /// the client's coordinates, or the gazetteer's centre of a city it knows.
    /// </summary>
    public static ServiceAddress? Resolve(AddressInput input, FieldErrors errors, string prefix = "address")
    {
        var street = input.Street?.Trim() ?? "";
        var postalCode = input.PostalCode?.Trim() ?? "";
        var city = input.City?.Trim() ?? "";
        var accessNotes = input.AccessNotes?.Trim() ?? "";
        var before = errors.Count;
        Limit(errors, $"{prefix}.street", "Street", street, MaxStreetLength);
        Limit(errors, $"{prefix}.postal_code", "Postal code", postalCode, MaxPostalCodeLength);
        Limit(errors, $"{prefix}.city", "City", city, MaxCityLength);
        Limit(errors, $"{prefix}.access_notes", "Access notes", accessNotes, MaxAccessNotesLength);

        GeoPoint? place = null;
        var approximate = false;
        switch (input.Lat, input.Lng)
        {
            case ({ } lat, { } lng) when GeoPoint.IsValid(lat, lng):
                place = new GeoPoint(lat, lng);
                break;
            case ({ } lat, { } lng):
                errors.Add(double.IsFinite(lat) && lat is >= -90 and <= 90 ? $"{prefix}.lng" : $"{prefix}.lat",
                    "Coordinates must be a latitude between -90 and 90 and a longitude between -180 and 180.");
                break;
            case (null, null):
                if (city.Length == 0)
                {
                    errors.Add($"{prefix}.city", "Give the city (or lat and lng) of the address.");
                }
                else if (Gazetteer.Find(city) is { } known)
                {
                    place = new GeoPoint(known.Latitude, known.Longitude);
                    approximate = true;
                }
                else
                {
                    errors.Add($"{prefix}.city", $"We cannot place \"{city}\" on the map; send lat and lng, or one of: {string.Join(", ", Gazetteer.Names)}.");
                }
                break;
            default:
                errors.Add(input.Lat is null ? $"{prefix}.lat" : $"{prefix}.lng", "Send both lat and lng, or neither.");
                break;
        }

        return errors.Count == before && place is { } p
            ? new ServiceAddress(street, postalCode, city, p.Lat, p.Lng, accessNotes, approximate)
            : null;
    }

    private static void Limit(FieldErrors errors, string field, string label, string value, int max)
    {
        if (value.Length > max)
        {
            errors.Add(field, $"{label} may be at most {max} characters.");
        }
    }
}

/// <summary>An address as a client sends it; every member optional so validation can name what is missing.</summary>
public sealed record AddressInput(string? Street, string? PostalCode, string? City, double? Lat, double? Lng, string? AccessNotes);

/// <summary>
/// The contract's <c>address</c> object. For a provider before confirmation <c>street</c>, <c>access_notes</c>,
/// <c>lat</c> and <c>lng</c> are null and <c>distance_km</c> (from their base) says how far it is.
/// </summary>
public sealed record AddressView(string? Street, string PostalCode, string City, double? Lat, double? Lng, string? AccessNotes, bool Approximate,
    double? DistanceKm)
{
    public static AddressView? Of(ServiceAddress? address, GeoPoint? providerBase = null) => address is null
        ? null
        : address.IsRedacted
            ? new(null, address.PostalCode, address.City, null, null, null, address.Approximate,
                providerBase is { } b ? Math.Round(b.DistanceKm(address.Place), 1) : null)
            : new(address.Street, address.PostalCode, address.City, address.Lat, address.Lng, address.AccessNotes, address.Approximate,
                providerBase is { } c ? Math.Round(c.DistanceKm(address.Place), 1) : null);
}
