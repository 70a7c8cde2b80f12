using System.Text.Json.Nodes;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Payments;
using HomeSer.Web.Features.Scheduling;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace HomeSer.Web.Infrastructure;

/// <summary>
/// What the OpenAPI document says beyond the C# types, taken from the same constants the domain checks: the wire
/// names of statuses, payment methods and roles as enums, bounds and lengths, and the members a create must send.
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
        [(typeof(CreateBookingRequest), "payment_method")] = PaymentMethods,
        // A series is paid on completion of each visit; card is refused with a 400.
        [(typeof(CreateSeriesRequest), "payment_method")] = PaymentMethods,
        [(typeof(RegisterRequest), "role")] = ["customer", "provider"],
        [(typeof(RecurrenceInput), "frequency")] = Recurrence.FrequencyNames,
        [(typeof(RecurrenceView), "frequency")] = Recurrence.FrequencyNames,
        [(typeof(SeriesConflict), "reason")] = SeriesReasons.All,
    };

    /// <summary>Inclusive bounds per (type, wire member).</summary>
    private static readonly Dictionary<(Type, string), (int Min, int Max)> Bounds = new()
    {
        [(typeof(RecurrenceInput), "count")] = (Recurrence.MinCount, Recurrence.MaxCount),
        [(typeof(RecurrenceView), "count")] = (Recurrence.MinCount, Recurrence.MaxCount),
    };

    private static readonly Dictionary<(Type, string), int> MaxLengths = new()
    {
        [(typeof(CreateBookingRequest), "customer_notes")] = BookingValidationService.MaxNotesLength,
        [(typeof(UpdateBookingRequest), "customer_notes")] = BookingValidationService.MaxNotesLength,
        [(typeof(UpdateBookingRequest), "provider_notes")] = BookingValidationService.MaxNotesLength,
        [(typeof(CancelBookingRequest), "reason")] = BookingValidationService.MaxReasonLength,
        [(typeof(CreateSeriesRequest), "customer_notes")] = BookingValidationService.MaxNotesLength,
        [(typeof(CancelSeriesRequest), "reason")] = BookingValidationService.MaxReasonLength,
    };

    /// <summary>Members a request must send; everything else on a request (all of a PATCH) is optional.</summary>
    private static readonly Dictionary<Type, string[]> Required = new()
    {
        [typeof(CreateBookingRequest)] = ["service", "provider", "start_time"],
        [typeof(UpdateBookingRequest)] = [],
        [typeof(CreateSeriesRequest)] = ["service", "provider", "start_time", "recurrence"],
        [typeof(RecurrenceInput)] = ["frequency", "count"],
        [typeof(LoginRequest)] = ["email", "password"],
        [typeof(RegisterRequest)] = ["email", "password", "role", "display_name"],
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
            if (MaxLengths.TryGetValue(key, out var maxLength))
            {
                schema.MaxLength = maxLength;
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
