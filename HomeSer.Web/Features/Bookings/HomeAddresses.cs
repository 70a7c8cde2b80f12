using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Bookings;

/// <summary>A customer's default home address: a booking made without an address happens there.</summary>
public sealed class HomeAddresses(HomeSerDbContext db)
{
    public Task<ServiceAddress?> GetAsync(int userId, CancellationToken ct) =>
        db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.HomeAddress).FirstOrDefaultAsync(ct);

    public async Task<Result<ServiceAddress>> SetAsync(int userId, AddressInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (ServiceAddress.Resolve(input, errors) is not { } address)
        {
            return errors.ToError();
        }
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return DomainError.NotFound("Account");
        }
        user.HomeAddress = address;
        await db.SaveChangesAsync(ct);
        return address;
    }
}

/// <summary><c>GET|PUT /api/auth/me/address/</c>: the signed-in user's home address.</summary>
public static class HomeAddressApi
{
    public static RouteGroupBuilder MapHomeAddress(this RouteGroupBuilder auth)
    {
        auth.MapGet("/me/address/", GetAsync).RequireAuthorization().WithName("GetHomeAddress").WithSummary("My default home address");
        auth.MapPut("/me/address/", PutAsync).RequireAuthorization().WithName("SetHomeAddress").WithSummary("Set my default home address");
        return auth;
    }

    private static async Task<Results<Ok<AddressView>, ProblemHttpResult>> GetAsync(HomeAddresses addresses, ActorResolver actors, HttpContext http,
        CancellationToken cancellationToken)
    {
        if (await actors.ResolveAsync(http.User, cancellationToken) is not { } actor)
        {
            return NotSignedIn(http);
        }
        return await addresses.GetAsync(actor.UserId, cancellationToken) is { } address
            ? TypedResults.Ok(AddressView.Of(address)!)
            : TypedResults.Problem(Problems.Create(http, new DomainError(ErrorKind.NotFound, "No home address is saved yet; PUT one.")));
    }

    private static async Task<Results<Ok<AddressView>, ProblemHttpResult>> PutAsync(AddressInput request, HomeAddresses addresses, ActorResolver actors,
        HttpContext http, CancellationToken cancellationToken)
    {
        if (await actors.ResolveAsync(http.User, cancellationToken) is not { } actor)
        {
            return NotSignedIn(http);
        }
        var result = await addresses.SetAsync(actor.UserId, request, cancellationToken);
        return result.Error is { } error
            ? TypedResults.Problem(Problems.Create(http, error))
            : TypedResults.Ok(AddressView.Of(result.Value)!);
    }

    private static ProblemHttpResult NotSignedIn(HttpContext http) =>
        TypedResults.Problem(Problems.Create(http, new DomainError(ErrorKind.NotAuthenticated, "Sign in first.")));
}
