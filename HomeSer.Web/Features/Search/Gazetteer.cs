using System.Collections.Frozen;

namespace HomeSer.Web.Features.Search;

public sealed record Place(string Name, double Latitude, double Longitude, string TimeZoneId, string Currency);

/// <summary>Cities and areas HomeSer knows by name, so "location=Berlin" works without a geocoder.</summary>
public static class Gazetteer
{
    public static readonly IReadOnlyList<Place> Places =
    [
        new("Berlin", 52.5200, 13.4050, "Europe/Berlin", "EUR"),
        new("Hamburg", 53.5511, 9.9937, "Europe/Berlin", "EUR"),
        new("Munich", 48.1351, 11.5820, "Europe/Berlin", "EUR"),
        new("Cologne", 50.9375, 6.9603, "Europe/Berlin", "EUR"),
        new("Frankfurt", 50.1109, 8.6821, "Europe/Berlin", "EUR"),
        new("Vienna", 48.2082, 16.3738, "Europe/Vienna", "EUR"),
        new("Amsterdam", 52.3676, 4.9041, "Europe/Amsterdam", "EUR"),
        new("Paris", 48.8566, 2.3522, "Europe/Paris", "EUR"),
        new("Lisbon", 38.7223, -9.1393, "Europe/Lisbon", "EUR"),
        new("Dublin", 53.3498, -6.2603, "Europe/Dublin", "EUR"),
    ];

    // Built once per process: the list is static, so an in-memory index is the whole cache it needs.
    private static readonly FrozenDictionary<string, Place> ByName =
        Places.ToFrozenDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    public static Place? Find(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : ByName.GetValueOrDefault(name.Trim());

    /// <summary>The known names, for error messages and the search form's suggestions.</summary>
    public static IReadOnlyList<string> Names { get; } = Places.Select(p => p.Name).ToList();
}
