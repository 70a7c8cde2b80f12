using System.Globalization;
using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Catalog;

/// <summary>Read side of the catalog: categories, services and public provider profiles with their reviews.</summary>
public sealed class CatalogQueries(HomeSerDbContext db)
{
    public async Task<PagedList<CategoryView>> ListCategoriesAsync(PageRequest page, CancellationToken cancellationToken)
    {
        var query = db.Categories.AsNoTracking();
        var count = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ThenBy(c => c.Id)
            .Skip(page.Skip).Take(page.PageSize)
            .Select(c => new CategoryView(c.Id, c.Slug, c.Name, c.Description))
            .ToListAsync(cancellationToken);
        return new PagedList<CategoryView>(count, items);
    }

    /// <summary>Active services of active providers, optionally of one category (slug or id) and/or one provider.</summary>
    public async Task<Result<PagedList<ServiceListItem>>> ListServicesAsync(
        string? category, int? providerId, PageRequest page, CancellationToken cancellationToken)
    {
        var query = db.Services.AsNoTracking().Where(s => s.IsActive && s.Provider!.IsActive);
        if (!string.IsNullOrWhiteSpace(category))
        {
            var categoryId = await FindCategoryIdAsync(category.Trim(), cancellationToken);
            if (categoryId is null)
            {
                return DomainError.Validation("category", $"There is no category '{Truncate(category.Trim())}'.");
            }
            query = query.Where(s => s.CategoryId == categoryId);
        }
        if (providerId is { } provider)
        {
            query = query.Where(s => s.ProviderId == provider);
        }
        var count = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(s => s.Name).ThenBy(s => s.Id)
            .Skip(page.Skip).Take(page.PageSize)
            .Select(s => new ServiceListItem(
                s.Id, s.Name,
                new CategoryView(s.Category!.Id, s.Category.Slug, s.Category.Name, s.Category.Description),
                s.PriceCents, s.Currency, s.DurationMinutes,
                new ProviderSummary(
                    s.Provider!.Id, s.Provider.DisplayName,
                    s.Provider.ReviewCount == 0 ? 0 : Math.Round((double)s.Provider.RatingSum / s.Provider.ReviewCount, 2),
                    s.Provider.ReviewCount, s.Provider.City, s.Provider.IsVerified, s.Provider.TimeZoneId, s.Provider.SlotStepMinutes,
                    new ServiceAreaView(s.Provider.City, s.Provider.Latitude, s.Provider.Longitude, s.Provider.ServiceRadiusKm))))
            .ToListAsync(cancellationToken);
        return new PagedList<ServiceListItem>(count, items);
    }

    public async Task<Result<ServiceDetails>> GetServiceAsync(int id, CancellationToken cancellationToken)
    {
        var service = await db.Services.AsNoTracking()
            .Where(s => s.Id == id && s.IsActive && s.Provider!.IsActive)
            .Select(s => new ServiceDetails(
                s.Id, s.Name, s.Description,
                new CategoryView(s.Category!.Id, s.Category.Slug, s.Category.Name, s.Category.Description),
                s.PriceCents, s.Currency, s.DurationMinutes, s.MinDurationMinutes, s.MaxDurationMinutes, s.IsActive,
                new ProviderSummary(
                    s.Provider!.Id, s.Provider.DisplayName,
                    s.Provider.ReviewCount == 0 ? 0 : Math.Round((double)s.Provider.RatingSum / s.Provider.ReviewCount, 2),
                    s.Provider.ReviewCount, s.Provider.City, s.Provider.IsVerified, s.Provider.TimeZoneId, s.Provider.SlotStepMinutes,
                    new ServiceAreaView(s.Provider.City, s.Provider.Latitude, s.Provider.Longitude, s.Provider.ServiceRadiusKm))))
            .FirstOrDefaultAsync(cancellationToken);
        return service is null ? DomainError.NotFound("The service") : service;
    }

    public async Task<Result<ProviderProfileView>> GetProviderAsync(int id, CancellationToken cancellationToken)
    {
        var provider = await db.Providers.AsNoTracking().Where(p => p.Id == id && p.IsActive).FirstOrDefaultAsync(cancellationToken);
        if (provider is null)
        {
            return DomainError.NotFound("The provider");
        }
        var services = await db.Services.AsNoTracking()
            .Where(s => s.ProviderId == id && s.IsActive)
            .OrderBy(s => s.Name).ThenBy(s => s.Id)
            .Select(s => new ProviderServiceSummary(s.Id, s.Name, s.Category!.Slug, s.PriceCents, s.Currency, s.DurationMinutes))
            .ToListAsync(cancellationToken);
        return new ProviderProfileView(
            provider.Id, provider.DisplayName, provider.Bio, provider.Rating, provider.ReviewCount, provider.IsVerified, provider.TimeZoneId,
            new ServiceAreaView(provider.City, provider.Latitude, provider.Longitude, provider.ServiceRadiusKm),
            services, provider.CreatedAt);
    }

    /// <summary>A provider's reviews, newest first.</summary>
    public async Task<Result<PagedList<ProviderReviewView>>> ListProviderReviewsAsync(int providerId, PageRequest page, CancellationToken cancellationToken)
    {
        if (!await db.Providers.AnyAsync(p => p.Id == providerId && p.IsActive, cancellationToken))
        {
            return DomainError.NotFound("The provider");
        }
        var query = db.Reviews.AsNoTracking().Where(r => r.ProviderId == providerId);
        var count = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Skip(page.Skip).Take(page.PageSize)
            .Join(db.Users, r => r.CustomerId, u => u.Id, (r, u) => new ProviderReviewView(r.Id, r.BookingId, ClosedAccounts.ReviewerName(u.DisplayName, u.Email), r.Rating, r.Comment, r.CreatedAt))
            .ToListAsync(cancellationToken);
        return new PagedList<ProviderReviewView>(count, items);
    }

    private async Task<int?> FindCategoryIdAsync(string slugOrId, CancellationToken cancellationToken) =>
        int.TryParse(slugOrId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await db.Categories.Where(c => c.Id == id).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken)
            : await db.Categories.Where(c => c.Slug == slugOrId.ToLowerInvariant()).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken);

    private static string Truncate(string value) => value.Length <= 60 ? value : value[..60] + "…";
}
