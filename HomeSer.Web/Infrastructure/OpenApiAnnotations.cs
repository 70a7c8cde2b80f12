using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace HomeSer.Web.Infrastructure;

/// <summary>
/// The OpenAPI document's rules for request records and query records, read from the data annotations that
/// <c>AddValidation()</c> enforces: <c>[Required]</c> fills <c>required</c>, <c>[Range]</c> the bounds, <c>[MaxLength]</c>
/// and <c>[StringLength]</c> the lengths (or item counts), <c>[AllowedValues]</c> the enum. The document and the
/// validation read one source, so they cannot disagree.
/// </summary>
public static class OpenApiAnnotations
{
    public static Task ApplyToSchemaAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is { AttributeProvider: { } member })
        {
            Apply(schema, member.GetCustomAttributes(typeof(ValidationAttribute), inherit: true).Cast<ValidationAttribute>());
        }
        // Not "else": a record reached through a member (recurrence inside a series) is transformed in that member's context.
        if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object)
        {
            foreach (var property in context.JsonTypeInfo.Properties)
            {
                if (property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true)
                {
                    schema.Required ??= new HashSet<string>();
                    schema.Required.Add(property.Name);
                }
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>Query parameters (plain or from an <c>[AsParameters]</c> record) get their annotations' rules too.</summary>
    public static Task ApplyToOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var description in context.Description.ParameterDescriptions)
        {
            if (description.ParameterDescriptor is not IParameterInfoParameterDescriptor { ParameterInfo: { } info }
                || operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == description.Name) is not { } parameter)
            {
                continue;
            }
            var attributes = info.GetCustomAttributes<ValidationAttribute>(inherit: true).ToList();
            if (parameter.Schema is OpenApiSchema schema)
            {
                Apply(schema, attributes);
            }
            if (attributes.OfType<RequiredAttribute>().Any())
            {
                parameter.Required = true;
            }
        }
        return Task.CompletedTask;
    }

    private static void Apply(OpenApiSchema schema, IEnumerable<ValidationAttribute> attributes)
    {
        var isArray = schema.Type is { } type && type.HasFlag(JsonSchemaType.Array);
        foreach (var attribute in attributes)
        {
            switch (attribute)
            {
                case RangeAttribute range:
                    var minimum = Invariant(range.Minimum);
                    var maximum = Invariant(range.Maximum);
                    if (range.MinimumIsExclusive)
                    {
                        schema.ExclusiveMinimum = minimum;
                    }
                    else
                    {
                        schema.Minimum = minimum;
                    }
                    if (range.MaximumIsExclusive)
                    {
                        schema.ExclusiveMaximum = maximum;
                    }
                    else
                    {
                        schema.Maximum = maximum;
                    }
                    break;
                case MaxLengthAttribute max when isArray:
                    schema.MaxItems = max.Length;
                    break;
                case MaxLengthAttribute max:
                    schema.MaxLength = max.Length;
                    break;
                case StringLengthAttribute length:
                    schema.MaxLength = length.MaximumLength;
                    if (length.MinimumLength > 0)
                    {
                        schema.MinLength = length.MinimumLength;
                    }
                    break;
                case AllowedValuesAttribute allowed:
                    Enum(schema, allowed.Values.Select(v => Invariant(v!)));
                    break;
                case WireEnumAttribute wire:
                    Enum(schema, wire.Values);
                    break;
                case RegularExpressionAttribute regex:
                    schema.Pattern = regex.Pattern;
                    break;
                case WireTimeAttribute:
                    schema.Pattern = WireTimeAttribute.Pattern;
                    break;
                case MultipleOfAttribute multiple:
                    schema.MultipleOf = multiple.Factor;
                    break;
            }
        }
    }

    private static void Enum(OpenApiSchema schema, IEnumerable<string> values)
    {
        schema.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList();
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Null))
        {
            // An optional member may still be sent as null.
            schema.Enum.Add(null!);
        }
    }

    private static string Invariant(object value) => Convert.ToString(value, CultureInfo.InvariantCulture)!;
}
