namespace HomeSer.Web.Features.Providers;

/// <summary>
/// A provider's profile photo, already checked and resized. Kept in the database (not on a node's disk) so every node
/// serves the same picture; its own table so loading a profile never drags the bytes along.
/// </summary>
public sealed class ProviderPhoto
{
    public int ProviderId { get; set; }
    public byte[] Content { get; set; } = [];
    public string ContentType { get; set; } = PhotoProcessing.OutputContentType;
    public int Width { get; set; }
    public int Height { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Changes with every new photo, so a cached copy is never shown after a replacement.</summary>
    public string Version => UpdatedAt.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
