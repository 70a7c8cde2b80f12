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
            problem.Errors[WireName(key)] = messages;
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
