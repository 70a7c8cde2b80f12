using HomeSer.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Accounts;

/// <summary>The account's current security stamp, read on every bearer request: one column, a query compiled once.</summary>
internal static class SecurityStamps
{
    private static readonly PerModel<Func<HomeSerDbContext, int, CancellationToken, Task<string?>>> Query = new(() =>
        EF.CompileAsyncQuery((HomeSerDbContext db, int userId, CancellationToken ct) =>
            db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).FirstOrDefault()));

    public static Task<string?> OfAsync(HomeSerDbContext db, int userId, CancellationToken ct) => Query.For(db)(db, userId, ct);
}
