using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace HomeSer.Web.Pages.Shared;

/// <summary>What <c>_AddressFields</c> renders: the values, the form prefix, and the errors of that prefix.</summary>
public sealed record AddressFieldsModel(AddressForm Form, string Prefix, ModelStateDictionary ModelState, string Legend = "Where is the job?")
{
    /// <summary>The first error of a field; the city shows the coordinates' errors too, since it is what places the address.</summary>
    public string? ErrorFor(string field) => field == "City"
        ? First("City") ?? First("Lat") ?? First("Lng") ?? First("")
        : First(field);

    private string? First(string field)
    {
        var key = field.Length == 0 ? Prefix : $"{Prefix}.{field}";
        return ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
    }
}
