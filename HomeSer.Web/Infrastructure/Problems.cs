using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace HomeSer.Web.Infrastructure;

/// <summary>Builds the contract's one error shape: problem+json with <c>code</c>, field <c>errors</c> and <c>trace_id</c>.</summary>
public static class Problems
{
    public static string Code(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => "VALIDATION_ERROR",
        ErrorKind.NotAuthenticated => "NOT_AUTHENTICATED",
        ErrorKind.Forbidden => "PERMISSION_DENIED",
        ErrorKind.NotFound => "NOT_FOUND",
        ErrorKind.Conflict => "BOOKING_CONFLICT",
        ErrorKind.NotModifiable => "BOOKING_NOT_MODIFIABLE",
        ErrorKind.RateLimited => "RATE_LIMITED",
        ErrorKind.PaymentFailed => "PAYMENT_FAILED",
        ErrorKind.PendingLimit => "PENDING_BOOKINGS_LIMIT",
        ErrorKind.IdempotencyKeyReused => "IDEMPOTENCY_KEY_REUSED",
        _ => "ERROR",
    };

    public static int Status(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.NotAuthenticated => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.NotModifiable => StatusCodes.Status422UnprocessableEntity,
        ErrorKind.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorKind.PaymentFailed => StatusCodes.Status402PaymentRequired,
        ErrorKind.PendingLimit => StatusCodes.Status429TooManyRequests,
        ErrorKind.IdempotencyKeyReused => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status500InternalServerError,
    };

    private static string Title(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => "Validation failed",
        ErrorKind.NotAuthenticated => "Authentication required",
        ErrorKind.Forbidden => "Permission denied",
        ErrorKind.NotFound => "Not found",
        ErrorKind.Conflict => "Booking conflict",
        ErrorKind.NotModifiable => "Booking not modifiable",
        ErrorKind.RateLimited => "Too many requests",
        ErrorKind.PaymentFailed => "Payment failed",
        ErrorKind.PendingLimit => "Too many pending bookings",
        ErrorKind.IdempotencyKeyReused => "Idempotency key reused",
        _ => "Error",
    };

    public static ProblemDetails Create(HttpContext http, DomainError error)
    {
        if (error.Kind == ErrorKind.Conflict)
        {
            Features.Operations.HomeSerMetrics.Conflict();
        }
        var problem = new ProblemDetails
        {
            Type = $"https://homeser.test/problems/{Code(error.Kind).ToLowerInvariant().Replace('_', '-')}",
            Title = Title(error.Kind),
            Status = Status(error.Kind),
            Detail = error.Message,
            Instance = http.Request.Path,
        };
        Decorate(http, problem, Code(error.Kind));
        if (error.Fields is { Count: > 0 })
        {
            problem.Extensions["errors"] = error.Fields;
        }
        foreach (var (member, value) in error.Extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[member] = value;
        }
        return problem;
    }

    /// <summary>Adds <c>code</c> and <c>trace_id</c> to a problem, ours or the framework's.</summary>
    public static void Decorate(HttpContext http, ProblemDetails problem, string? code = null)
    {
        problem.Extensions.Remove("traceId");
        problem.Extensions["code"] = code ?? CodeForStatus(problem.Status ?? 500);
        problem.Extensions["trace_id"] = Activity.Current?.Id ?? http.TraceIdentifier;
    }

    public static string CodeForStatus(int status) => status switch
    {
        400 => "VALIDATION_ERROR",
        401 => "NOT_AUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        405 => "METHOD_NOT_ALLOWED",
        409 => "BOOKING_CONFLICT",
        415 => "UNSUPPORTED_MEDIA_TYPE",
        422 => "BOOKING_NOT_MODIFIABLE",
        429 => "RATE_LIMITED",
        _ => status >= 500 ? "SERVER_ERROR" : "ERROR",
    };

    public static IResult Result(HttpContext http, DomainError error)
    {
        var problem = Create(http, error);
        return TypedResults.Problem(problem);
    }

    public static IResult Result(HttpContext http, ErrorKind kind, string message) => Result(http, new DomainError(kind, message));
}

/// <summary>
/// The problem+json body as the OpenAPI document describes it: RFC 9457's members plus the contract's <c>code</c>,
/// field <c>errors</c> and <c>trace_id</c> (<see cref="Problems.Create"/> and <see cref="Problems.Decorate"/> write them).
/// Only for the document; responses are written as <see cref="ProblemDetails"/>.
/// </summary>
public sealed record ApiProblem(
    string? Type,
    string Title,
    int Status,
    string Code,
    string? Detail,
    string? Instance,
    IReadOnlyDictionary<string, string[]>? Errors,
    string TraceId);
