using System.Text.Json.Nodes;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Payments;
using HomeSer.Web.Features.Scheduling;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace HomeSer.Web.Infrastructure;

/// <summary>
/// What the OpenAPI document says about responses beyond the C# types, from the domain's own enums and constants: the
/// wire names of statuses, payment methods and roles. Request rules are not here: they come from the request records'
/// annotations (<see cref="OpenApiAnnotations"/>), the same ones validation enforces.
/// </summary>
public static class OpenApiWireRules
{
    private static readonly string[] BookingStatuses = Enum.GetValues<BookingStatus>().Select(s => s.ToWire()).ToArray();
    private static readonly string[] PaymentStatuses = Enum.GetValues<PaymentStatus>().Select(s => s.ToWire()).ToArray();
    private static readonly string[] PaymentMethods = Enum.GetValues<PaymentMethod>().Select(m => m.ToWire()).ToArray();

    /// <summary>Enum values per (type, wire member).</summary>
    private static readonly Dictionary<(Type, string), string[]> Enums = new()
    {
        [(typeof(BookingView), "status")] = BookingStatuses,
        [(typeof(Features.Providers.AffectedBooking), "status")] = BookingStatuses,
        [(typeof(PaymentView), "status")] = PaymentStatuses,
        [(typeof(PaymentView), "method")] = PaymentMethods,
        [(typeof(RecurrenceView), "frequency")] = Recurrence.FrequencyNames,
        [(typeof(SeriesConflict), "reason")] = SeriesReasons.All,
    };

    /// <summary>Inclusive bounds per (type, wire member).</summary>
    private static readonly Dictionary<(Type, string), (int Min, int Max)> Bounds = new()
    {
        [(typeof(RecurrenceView), "count")] = (Recurrence.MinCount, Recurrence.MaxCount),
    };

    /// <summary>Members a request must send; everything else on a request (all of a PATCH) is optional.</summary>
    private static readonly Dictionary<Type, string[]> Required = new()
    {
        [typeof(UpdateBookingRequest)] = [],
        [typeof(LoginRequest)] = ["email", "password"],
        [typeof(RefreshRequest)] = ["refresh_token"],
        // One record for create and patch: a create's own needs (category, price, duration) are 400s naming them.
        [typeof(Features.Providers.ServiceRequest)] = [],
        [typeof(ApiProblem)] = ["title", "status", "code", "trace_id"],
    };

    public static Task ApplyToSchemaAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        // Instants go through UtcInstantConverter, so the generator knows only their format: they are strings, and an
        // optional one (every PATCH member) may be null.
        if (context.JsonTypeInfo.Type == typeof(DateTime) || context.JsonTypeInfo.Type == typeof(DateTime?))
        {
            schema.Type = context.JsonTypeInfo.Type == typeof(DateTime?) ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            schema.Format = "date-time";
        }
        // A category is named by its id or its slug.
        if (context.JsonTypeInfo.Type == typeof(System.Text.Json.JsonElement) || context.JsonTypeInfo.Type == typeof(System.Text.Json.JsonElement?))
        {
            schema.Type = null;
            schema.OneOf = [new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" }, new OpenApiSchema { Type = JsonSchemaType.String }];
        }
        if (context.JsonPropertyInfo is { } property && property.DeclaringType is { } owner)
        {
            var key = (owner, property.Name);
            if (Enums.TryGetValue(key, out var values))
            {
                schema.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList();
                if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Null))
                {
                    // An optional member may still be sent as null.
                    schema.Enum.Add(null!);
                }
            }
            if (Bounds.TryGetValue(key, out var bounds))
            {
                schema.Minimum = bounds.Min.ToString(System.Globalization.CultureInfo.InvariantCulture);
                schema.Maximum = bounds.Max.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        else if (Required.TryGetValue(context.JsonTypeInfo.Type, out var required))
        {
            schema.Required = new HashSet<string>(required);
        }
        else if (context.JsonTypeInfo.Type == typeof(MeResponse) && schema.Properties?.TryGetValue("roles", out var roles) == true
                 && roles is OpenApiSchema { Items: OpenApiSchema item })
        {
            item.Enum = Roles.All.Select(r => (JsonNode)JsonValue.Create(r)!).ToList();
        }
        return Task.CompletedTask;
    }

    public static Task ApplyToOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is OpenApiParameter { In: ParameterLocation.Query, Name: "status", Schema: OpenApiSchema status }
                && context.Description.RelativePath?.StartsWith("api/bookings/bookings", StringComparison.Ordinal) == true)
            {
                status.Enum = BookingStatuses.Select(v => (JsonNode)JsonValue.Create(v)!).ToList();
            }
        }
        return Task.CompletedTask;
    }
}
