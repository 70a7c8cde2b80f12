using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Validation;

// The resolver API is marked for evaluation (ASP0029); it is the one AddValidation's endpoint filter itself runs.
#pragma warning disable ASP0029

namespace HomeSer.Web.Infrastructure;

/// <summary>
/// Runs a request record's data annotations through the same generated metadata <c>AddValidation()</c> uses before an
/// endpoint's handler, for the doors that are not endpoints (pages build the same records): one set of rules, one set
/// of messages, field names as on the wire.
/// </summary>
public sealed class RequestValidator(IOptions<ValidationOptions> options, IServiceProvider services)
{
    /// <summary>The contract's validation error for <paramref name="request"/>, or null when its annotations hold.</summary>
    public async Task<DomainError?> ValidateAsync<T>(T request, CancellationToken cancellationToken)
        where T : class
    {
        if (!options.Value.TryGetValidatableTypeInfo(typeof(T), out var info))
        {
            throw new InvalidOperationException($"{typeof(T).Name} carries no validation metadata: is it a parameter of an endpoint?");
        }
        var context = new ValidateContext
        {
            ValidationContext = new ValidationContext(request, services, null),
            ValidationOptions = options.Value,
        };
        await info.ValidateAsync(request, context, cancellationToken);
        return context.ValidationErrors is { Count: > 0 } errors
            ? DomainError.Validation(errors.ToDictionary(e => WireValidation.WireName(e.Key), e => e.Value.Distinct().ToArray()))
            : null;
    }
}
