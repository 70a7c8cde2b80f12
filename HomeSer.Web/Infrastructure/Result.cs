namespace HomeSer.Web.Infrastructure;

/// <summary>The expected ways a domain operation can fail; each maps to one contract error code.</summary>
public enum ErrorKind
{
    Validation,
    NotAuthenticated,
    Forbidden,
    NotFound,
    Conflict,
    NotModifiable,
    RateLimited,
    PaymentFailed,
    /// <summary>The customer already has as many pending bookings as Bookings:MaxPendingPerCustomer allows.</summary>
    PendingLimit,
    /// <summary>An Idempotency-Key sent again with a different request.</summary>
    IdempotencyKeyReused,
}

/// <summary>
/// An expected failure: what went wrong, which fields caused it where there are some, and any further members of the
/// problem the contract names (e.g. <c>reason</c>, <c>alternatives</c>).
/// </summary>
public sealed record DomainError(ErrorKind Kind, string Message, IReadOnlyDictionary<string, string[]>? Fields = null,
    IReadOnlyDictionary<string, object?>? Extensions = null)
{
    /// <summary>This error with one more problem member.</summary>
    public DomainError With(string member, object? value) =>
        this with { Extensions = new Dictionary<string, object?>(Extensions ?? new Dictionary<string, object?>()) { [member] = value } };

    public static DomainError Validation(string field, string message) =>
        new(ErrorKind.Validation, "Validation failed.", new Dictionary<string, string[]> { [field] = [message] });

    public static DomainError Validation(IReadOnlyDictionary<string, string[]> fields) =>
        new(ErrorKind.Validation, "Validation failed.", fields);

    public static DomainError NotFound(string what) => new(ErrorKind.NotFound, $"{what} was not found.");
    public static DomainError Forbidden(string message) => new(ErrorKind.Forbidden, message);
    public static DomainError Conflict(string message) => new(ErrorKind.Conflict, message);
    public static DomainError NotModifiable(string message) => new(ErrorKind.NotModifiable, message);
}

/// <summary>Either a value or a <see cref="DomainError"/>; services return it instead of throwing for expected failures.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, DomainError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }
    public DomainError? Error { get; }
    public bool IsSuccess => Error is null;

    public static Result<T> Ok(T value) => new(value, null);
    public static Result<T> Fail(DomainError error) => new(default, error);

    public static implicit operator Result<T>(T value) => Ok(value);
    public static implicit operator Result<T>(DomainError error) => Fail(error);

    /// <summary>The value turned into another shape; an error passes through.</summary>
    public Result<TOut> Map<TOut>(Func<T, TOut> map) => Error is { } error ? error : map(Value!);
}

public static class ResultTasks
{
    /// <summary>A query that cannot fail, as a result for <see cref="ApiCall"/>.</summary>
    public static async Task<Result<T>> AsResult<T>(this Task<T> task) => await task;
}
