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
        auth.MapGet("/me/address/", GetAsync).RequireAuthorization().WithName("GetHomeAddress").WithSummary("My default home address")
            .Fails(ErrorKind.NotFound);
        auth.MapPut("/me/address/", PutAsync).RequireAuthorization().WithName("SetHomeAddress").WithSummary("Set my default home address");
        return auth;
    }

    private static Task<Results<Ok<AddressView>, ProblemHttpResult>> GetAsync(HomeAddresses addresses, [AsParameters] ApiCall api) =>
        api.OkAsync(async (actor, ct) => await addresses.GetAsync(actor.UserId, ct) is { } address
            ? Result<AddressView>.Ok(AddressView.Of(address)!)
            : new DomainError(ErrorKind.NotFound, "No home address is saved yet; PUT one."));

    private static Task<Results<Ok<AddressView>, ProblemHttpResult>> PutAsync(AddressInput request, HomeAddresses addresses, [AsParameters] ApiCall api) =>
        api.OkAsync(async (actor, ct) => (await addresses.SetAsync(actor.UserId, request, ct)).Map(address => AddressView.Of(address)!));
}
