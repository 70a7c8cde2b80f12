using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HomeSer.Web.Features.Privacy;

public sealed record DeleteAccountRequest(string? Password);

/// <summary>The person's own data, as JSON to take away, and closing the account (beside <c>/api/auth/me/</c>).</summary>
public static class PrivacyApi
{
    public static RouteGroupBuilder MapPrivacyApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/auth/me").WithTags("Auth");
        group.MapGet("/data/", ExportAsync).RequireAuthorization()
            .WithName("ExportMyData").WithSummary("Everything HomeSer holds about me: profile, addresses, bookings, reviews, notifications.");
        group.MapPost("/delete/", DeleteAsync).RequireAuthorization()
            .WithName("DeleteMyAccount").WithSummary("Close my account: upcoming bookings are cancelled, my name and address removed, my tokens revoked.")
            .Fails(ErrorKind.Forbidden, ErrorKind.NotModifiable);
        return group;
    }

    private static async Task<Results<Ok<AccountExport>, ProblemHttpResult>> ExportAsync(AccountDataExport export, ActorResolver actors,
        HttpContext http, CancellationToken cancellationToken)
    {
        if (await actors.ResolveAsync(http.User, cancellationToken) is not { } actor
            || await export.ExportAsync(actor.UserId, cancellationToken) is not { } data)
        {
            return TypedResults.Problem(Problems.Create(http, new DomainError(ErrorKind.NotAuthenticated, "Sign in first.")));
        }
        return TypedResults.Ok(data);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(DeleteAccountRequest? request, AccountDeletion deletion,
        ActorResolver actors, HttpContext http, CancellationToken cancellationToken)
    {
        if (await actors.ResolveAsync(http.User, cancellationToken) is not { } actor)
        {
            return TypedResults.Problem(Problems.Create(http, new DomainError(ErrorKind.NotAuthenticated, "Sign in first.")));
        }
        var result = await deletion.DeleteAsync(actor, request?.Password, cancellationToken);
        return result.Error is { } error ? TypedResults.Problem(Problems.Create(http, error)) : TypedResults.NoContent();
    }
}

public static class PrivacySetup
{
    public static WebApplicationBuilder AddPrivacy(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AccountDataExport>();
        builder.Services.AddScoped<AccountDeletion>();
        return builder;
    }
}
