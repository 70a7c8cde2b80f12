using HomeSer.Web.Features.Bookings;

namespace HomeSer.Web.Pages.Shared;

/// <summary>The address fields of a form (booking, home address), bound under one prefix.</summary>
public sealed class AddressForm
{
    public string? Street { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }
    public string? AccessNotes { get; set; }

    /// <summary>Filled by the browser's location ("Use my location"); empty means "place it by the city".</summary>
    public double? Lat { get; set; }
    public double? Lng { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Street) && string.IsNullOrWhiteSpace(PostalCode) && string.IsNullOrWhiteSpace(City)
        && string.IsNullOrWhiteSpace(AccessNotes) && Lat is null && Lng is null;

    public AddressInput ToInput() => new(Street, PostalCode, City, Lat, Lng, AccessNotes);

    public static AddressForm From(ServiceAddress? address) => address is null
        ? new AddressForm()
        : new AddressForm
        {
            Street = address.Street,
            PostalCode = address.PostalCode,
            City = address.City,
            AccessNotes = address.AccessNotes,
            Lat = address.Approximate ? null : address.Lat,
            Lng = address.Approximate ? null : address.Lng,
        };
}
