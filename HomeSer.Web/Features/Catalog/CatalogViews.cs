namespace HomeSer.Web.Features.Catalog;

public sealed record CategoryView(int Id, string Slug, string Name, string Description);

/// <summary>What a customer needs to know about the provider of a service.</summary>
public sealed record ProviderSummary(int Id, string DisplayName, double Rating, int ReviewCount, string City, bool Verified, string Timezone, int SlotStepMinutes,
    ServiceAreaView ServiceArea);

public sealed record ServiceListItem(
    int Id, string Name, CategoryView Category, long PriceCents, string Currency, int DurationMinutes, ProviderSummary Provider);

public sealed record ServiceDetails(
    int Id,
    string Name,
    string Description,
    CategoryView Category,
    long PriceCents,
    string Currency,
    int DurationMinutes,
    int MinDurationMinutes,
    int MaxDurationMinutes,
    bool IsActive,
    ProviderSummary Provider);

public sealed record ServiceAreaView(string City, double Latitude, double Longitude, double RadiusKm);

public sealed record ProviderServiceSummary(int Id, string Name, string Category, long PriceCents, string Currency, int DurationMinutes);

public sealed record ProviderProfileView(
    int Id,
    string DisplayName,
    string Bio,
    double Rating,
    int ReviewCount,
    bool Verified,
    string Timezone,
    ServiceAreaView ServiceArea,
    IReadOnlyList<ProviderServiceSummary> Services,
    DateTime CreatedAt);

public sealed record ProviderReviewView(int Id, int Booking, string CustomerName, int Rating, string Comment, DateTime CreatedAt);
