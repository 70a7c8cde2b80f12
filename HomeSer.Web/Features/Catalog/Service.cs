namespace HomeSer.Web.Features.Catalog;

/// <summary>A service one provider offers in one category, at a price in minor units.</summary>
public sealed class Service
{
    public int Id { get; set; }
    public int ProviderId { get; set; }
    public ProviderProfile? Provider { get; set; }
    public int CategoryId { get; set; }
    public Category? Category { get; set; }
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public long PriceCents { get; set; }
    public string Currency { get; set; } = "EUR";
    public int DurationMinutes { get; set; } = 60;
    public int MinDurationMinutes { get; set; } = 30;
    public int MaxDurationMinutes { get; set; } = 480;
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
}
