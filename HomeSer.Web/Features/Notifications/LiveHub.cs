using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Notifications;

/// <summary>
/// The live door: a signed-in client subscribes to the seed's channels and receives the events published on them.
/// Each channel is a SignalR group of the same name; who may join is decided here, from the database, on every call.
/// </summary>
[Authorize]
public sealed class LiveHub(HomeSerDbContext db, ActorResolver actors) : Hub
{
    public const string Path = "/hubs/live";

    public async Task Subscribe(string channel)
    {
        var parsed = LiveChannel.Parse(channel) ?? throw new HubException($"Unknown channel '{channel}': use bookings:{{id}}, providers:{{id}} or notifications:{{user_id}}.");
        var actor = await actors.ResolveAsync(Context.User!, Context.ConnectionAborted) ?? throw new HubException("not allowed");
        if (!await MaySeeAsync(actor, parsed, Context.ConnectionAborted))
        {
            throw new HubException("not allowed");
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, parsed.Name, Context.ConnectionAborted);
    }

    public async Task Unsubscribe(string channel)
    {
        var parsed = LiveChannel.Parse(channel) ?? throw new HubException($"Unknown channel '{channel}'.");
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, parsed.Name, Context.ConnectionAborted);
    }

    private async Task<bool> MaySeeAsync(Actor actor, LiveChannel channel, CancellationToken ct) => channel.Kind switch
    {
        // A booking that does not exist is refused like someone else's, so the answer does not reveal which ids exist.
        LiveChannel.Bookings => await db.Bookings.AsNoTracking()
            .AnyAsync(b => b.Id == channel.Id && (actor.IsAdmin || b.CustomerId == actor.UserId || b.ProviderId == actor.ProviderId), ct),
        LiveChannel.Providers => await db.Providers.AsNoTracking().AnyAsync(p => p.Id == channel.Id, ct),
        LiveChannel.Notifications => channel.Id == actor.UserId,
        _ => false,
    };
}

/// <summary>A seed channel name, <c>{kind}:{id}</c>, which is also the SignalR group name.</summary>
public sealed record LiveChannel(string Kind, int Id)
{
    public const string Bookings = "bookings";
    public const string Providers = "providers";
    public const string Notifications = "notifications";

    public string Name => $"{Kind}:{Id}";

    public static LiveChannel ForBooking(int id) => new(Bookings, id);
    public static LiveChannel ForProvider(int id) => new(Providers, id);
    public static LiveChannel ForUser(int userId) => new(Notifications, userId);

    /// <summary>The channel, or null when the name is not one of the seed's three kinds with a positive integer id.</summary>
    public static LiveChannel? Parse(string? name)
    {
        var parts = (name ?? "").Split(':');
        return parts is [var kind, var id]
            && kind is Bookings or Providers or Notifications
            && int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            && number > 0
            ? new LiveChannel(kind, number)
            : null;
    }
}
