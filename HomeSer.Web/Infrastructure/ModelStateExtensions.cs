using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace HomeSer.Web.Infrastructure;

public static class ModelStateExtensions
{
    /// <summary>Shows a domain error next to its fields (snake_case names mapped onto the page's input model), or above the form.</summary>
    /// <summary>
    /// As <see cref="AddDomainError(ModelStateDictionary, DomainError, string)"/>, but each message speaks the form's own
    /// labels: "customer_notes may be at most 2000 characters" reads "Notes for the provider may be at most 2000 characters".
    /// </summary>
    public static void AddDomainError(this ModelStateDictionary modelState, DomainError error, string prefix, IReadOnlyDictionary<string, string> labels)
    {
        modelState.AddDomainError(Relabel(error, labels), prefix);
    }

    private static DomainError Relabel(DomainError error, IReadOnlyDictionary<string, string> labels)
    {
        string Speak(string message)
        {
            foreach (var (field, label) in labels)
            {
                message = message.Replace(field, label, StringComparison.Ordinal);
            }
            return message.Replace("an ISO-8601 instant", "a date and time", StringComparison.Ordinal);
        }

        return error with
        {
            Message = Speak(error.Message),
            Fields = error.Fields?.ToDictionary(f => f.Key, f => f.Value.Select(Speak).ToArray()),
        };
    }

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
