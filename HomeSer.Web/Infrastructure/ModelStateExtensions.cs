using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace HomeSer.Web.Infrastructure;

public static class ModelStateExtensions
{
    /// <summary>Shows a domain error next to its fields (snake_case names mapped onto the page's input model), or above the form.</summary>
    public static void AddDomainError(this ModelStateDictionary modelState, DomainError error, string prefix)
    {
        if (error.Fields is not { Count: > 0 })
        {
            modelState.AddModelError(string.Empty, error.Message);
            return;
        }
        foreach (var (field, messages) in error.Fields)
        {
            var key = field == "non_field_errors" ? string.Empty
                : prefix.Length == 0 ? PascalCase(field)
                : $"{prefix}.{PascalCase(field)}";
            foreach (var message in messages)
            {
                modelState.AddModelError(key, message);
            }
        }
    }

    // "address.postal_code" names the nested form field Address.PostalCode.
    private static string PascalCase(string snake) => string.Join('.', snake.Split('.').Select(segment =>
        string.Concat(segment.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + part[1..]))));
}
