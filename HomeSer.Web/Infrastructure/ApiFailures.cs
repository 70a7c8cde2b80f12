namespace HomeSer.Web.Infrastructure;

/// <summary>
/// Endpoint metadata: the domain failures an operation can answer beyond those its shape implies (bad input, sign-in,
/// a role, an id in the route, a rate limit). The OpenAPI document takes each one's status and code from
/// <see cref="Problems"/>, the same mapping the responses use, so the two cannot drift apart.
/// </summary>
public sealed record ApiFailures(IReadOnlyList<ErrorKind> Kinds);

public static class ApiFailuresExtensions
{
    /// <summary>Declares the domain failures this endpoint can answer (see <see cref="ApiFailures"/>).</summary>
    public static TBuilder Fails<TBuilder>(this TBuilder builder, params ErrorKind[] kinds)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new ApiFailures(kinds));
}
