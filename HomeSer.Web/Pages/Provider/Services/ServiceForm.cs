using System.Globalization;
using System.Text.Json;
using HomeSer.Web.Features.Providers;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace HomeSer.Web.Pages.Provider.Services;

/// <summary>The add/edit form of a provider's service: price typed in euros, sent to the self-service in cents.</summary>
public sealed class ServiceForm
{
    public string? Name { get; set; }
    public int? Category { get; set; }
    public string? Description { get; set; }
    public string? Price { get; set; }
    public int? DurationMinutes { get; set; } = 60;
    public bool IsActive { get; set; } = true;

    public static ServiceForm From(OwnServiceView service) => new()
    {
        Name = service.Name,
        Category = service.Category.Id,
        Description = service.Description,
        Price = (service.PriceCents / 100m).ToString("0.00", CultureInfo.InvariantCulture),
        DurationMinutes = service.DurationMinutes,
        IsActive = service.IsActive,
    };

    /// <summary>The request, or null with the price error in the model state. Limits follow the duration on every save.</summary>
    public ServiceRequest? ToRequest(ModelStateDictionary modelState, string prefix)
    {
        var text = Price?.Trim().Replace("€", "", StringComparison.Ordinal).Replace(',', '.');
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var euros) || decimal.Round(euros, 2) != euros)
        {
            modelState.AddModelError($"{prefix}.Price", "Enter a price in euros, e.g. 89 or 89.50.");
            return null;
        }
        return new ServiceRequest(
            Category is { } id ? JsonSerializer.SerializeToElement(id) : null,
            Name ?? "", Description ?? "", (long)(euros * 100), "EUR", DurationMinutes, DurationMinutes, DurationMinutes, IsActive);
    }

    /// <summary>Shows the self-service's field errors next to this form's fields.</summary>
    public static void AddErrors(ModelStateDictionary modelState, DomainError error, string prefix)
    {
        var renamed = error.Fields?
            .GroupBy(f => f.Key switch
            {
                "price_cents" or "currency" => "price",
                "min_duration_minutes" or "max_duration_minutes" => "duration_minutes",
                _ => f.Key,
            })
            .ToDictionary(g => g.Key, g => g.SelectMany(f => f.Value).Distinct().ToArray());
        modelState.AddDomainError(error with { Fields = renamed }, prefix);
    }
}
