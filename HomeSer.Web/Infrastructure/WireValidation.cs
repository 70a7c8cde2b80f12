using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace HomeSer.Web.Infrastructure;

/// <summary>
/// The one validation mechanism for request records: data annotations, run by .NET's <c>AddValidation()</c> before the
/// handler. This class makes its answers the contract's 400 (<c>VALIDATION_ERROR</c>, field names as on the wire) and
/// names the field of a binding failure from the endpoint's parameter metadata and System.Text.Json's path.
/// </summary>
public static class WireValidation
{
    /// <summary>A framework validation problem in the contract's shape: our type and title, wire field names.</summary>
    public static void Normalize(HttpContext http, HttpValidationProblemDetails problem)
    {
        var errors = problem.Errors.ToList();
        problem.Errors.Clear();
        foreach (var (key, messages) in errors)
        {
            // Two rules with one message (a range and a step) say it once.
            problem.Errors[WireName(key)] = messages.Distinct().ToArray();
        }
        var shaped = Problems.Create(http, DomainError.Validation(new Dictionary<string, string[]>()));
        problem.Type = shaped.Type;
        problem.Title = shaped.Title;
        problem.Detail ??= shaped.Detail;
        problem.Instance ??= shaped.Instance;
    }

    /// <summary>"WeeklyHours[0].Start" becomes "weekly_hours[0].start": each member by the JSON naming policy.</summary>
    public static string WireName(string memberPath) => string.Join('.', memberPath.Split('.').Select(segment =>
    {
        var index = segment.IndexOf('[', StringComparison.Ordinal);
        return index < 0
            ? JsonNamingPolicy.SnakeCaseLower.ConvertName(segment)
            : JsonNamingPolicy.SnakeCaseLower.ConvertName(segment[..index]) + segment[index..];
    }));

    /// <summary>
    /// The field a binding failure is about: the JSON path of a body that does not read, or the query or route value
    /// that does not parse as its parameter's type; otherwise the body as a whole. The exception handler has cleared the
    /// endpoint and route values from the context, so they come from <paramref name="failure"/>.
    /// </summary>
    public static string FieldOf(HttpContext http, IExceptionHandlerFeature failure, BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            return json.Path?.TrimStart('$', '.').Split('.', '[')[0] is { Length: > 0 } member ? member : "body";
        }
        foreach (var parameter in Bound(failure.Endpoint?.Metadata.OfType<IParameterBindingMetadata>().Select(p => p.ParameterInfo) ?? []))
        {
            var route = parameter.GetCustomAttribute<FromRouteAttribute>();
            var wire = parameter.GetCustomAttribute<FromQueryAttribute>()?.Name ?? route?.Name ?? parameter.Name ?? "";
            var raw = http.Request.Query.TryGetValue(wire, out var query) ? query.ToString()
                : failure.RouteValues?.TryGetValue(parameter.Name ?? "", out var value) == true ? value?.ToString()
                : null;
            if (raw is not null && !Parses(Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType, raw))
            {
                return JsonNamingPolicy.SnakeCaseLower.ConvertName(wire);
            }
        }
        return "body";
    }

    /// <summary>The handler's parameters, with an <c>[AsParameters]</c> record's constructor parameters in its place.</summary>
    private static IEnumerable<ParameterInfo> Bound(IEnumerable<ParameterInfo> parameters) => parameters.SelectMany(parameter =>
        parameter.GetCustomAttribute<AsParametersAttribute>() is null
            ? [parameter]
            : parameter.ParameterType.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()?.GetParameters() ?? []);

    // The framework's own parsing of the simple types our endpoints bind (invariant culture).
    private static bool Parses(Type type, string raw) => type switch
    {
        _ when type == typeof(int) => int.TryParse(raw, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _),
        _ when type == typeof(long) => long.TryParse(raw, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _),
        _ when type == typeof(double) => double.TryParse(raw, System.Globalization.NumberStyles.Float | System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture, out _),
        _ when type == typeof(bool) => bool.TryParse(raw, out _),
        _ => true,
    };
}

/// <summary>A <c>YYYY-MM-DD</c> query value inside the supported window (<see cref="CalendarDates"/>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class WireDateAttribute : ValidationAttribute
{
    public WireDateAttribute() : base(CalendarDates.DateMessage)
    {
    }

    public override bool IsValid(object? value) => value is null || (value is string text && CalendarDates.TryParseDate(text, out _));
}

/// <summary>
/// A string member that must be one of <see cref="Values"/>, read as the domain reads it (surrounding spaces and case
/// ignored); the OpenAPI document lists the values as the member's enum.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class WireEnumAttribute(params string[] values) : ValidationAttribute
{
    public IReadOnlyList<string> Values { get; } = values;

    public override bool IsValid(object? value) =>
        value is null || (value is string text && Values.Contains(text.Trim(), StringComparer.OrdinalIgnoreCase));
}

/// <summary>A wall-clock time <c>HH:mm</c> (e.g. <c>08:00</c>), as working hours and breaks are written.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class WireTimeAttribute : ValidationAttribute
{
    public const string Pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

    public override bool IsValid(object? value) => value is null || (value is string text && TryParse(text, out _));

    public static bool TryParse(string? value, out TimeOnly time) =>
        TimeOnly.TryParseExact(value?.Trim(), "HH:mm", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out time);
}

/// <summary>An instant that says which instant it is ('Z' or an offset) and lies in the supported years (<see cref="CalendarDates"/>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class WireInstantAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) => value is null || value is DateTime { Kind: not DateTimeKind.Unspecified } instant
        && CalendarDates.IsSupported(DateOnly.FromDateTime(instant.ToUniversalTime()));

    public override string FormatErrorMessage(string name) => ErrorMessage ?? CalendarDates.InstantMessage;
}

/// <summary>An IANA time zone id this machine knows, such as <c>Europe/Berlin</c>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class IanaTimeZoneAttribute : ValidationAttribute
{
    public const int MaxLength = 64;

    public override bool IsValid(object? value) => value is null || (value is string text && Find(text) is not null);

    /// <summary>The zone, or null when <paramref name="id"/> names none.</summary>
    public static TimeZoneInfo? Find(string? id) =>
        id is { Length: > 0 and <= MaxLength } && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) && zone.HasIanaId ? zone : null;
}

/// <summary>A whole number that is a multiple of <see cref="Factor"/> (the document's <c>multipleOf</c>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class MultipleOfAttribute(int factor) : ValidationAttribute
{
    public int Factor { get; } = factor;

    public override bool IsValid(object? value) => value switch
    {
        null => true,
        int number => number % Factor == 0,
        long number => number % Factor == 0,
        _ => false,
    };
}
