namespace HomeSer.Web.Features.Admin;

public sealed record AdminUserView(int Id, string Email, string DisplayName, IReadOnlyList<string> Roles, DateTime CreatedAt);

/// <summary>A provider waiting for verification.</summary>
public sealed record VerificationQueueItem(int ProviderId, string DisplayName, string Email, string City, string TimeZoneId, int ServiceCount, DateTime CreatedAt);

public sealed record CategoryInput(string? Name, string? Slug, string? Description, int? SortOrder);

public sealed record AdminCategoryView(int Id, string Slug, string Name, string Description, int SortOrder, int ServiceCount);

/// <summary>Filters for the back-office booking list; dates are UTC calendar days, both inclusive.</summary>
public sealed record AdminBookingFilter(string? Status, int? ProviderId, DateOnly? From, DateOnly? To);

public sealed record AdminBookingRow(
    int Id, string Status, DateTime StartUtc, int DurationMinutes, string TimeZoneId, string ServiceName, int ProviderId, string ProviderName,
    string CustomerName, long PriceCents, string Currency, string? Place);

public sealed record ProviderOption(int Id, string DisplayName);
