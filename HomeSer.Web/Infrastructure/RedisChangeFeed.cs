using System.Text.Json;
using HomeSer.Web.Features.Notifications;
using HomeSer.Web.Features.Notifications.Outbox;
using StackExchange.Redis;

namespace HomeSer.Web.Infrastructure;

/// <summary>
/// The outbox's change feed over Redis pub/sub: the node that delivered an event publishes it, and every other node runs
/// its <see cref="Delivery.EveryNode"/> consumers (availability cache tags, search index), in publish order. Pub/sub is
/// fire and forget: a node that was disconnected misses what was published meanwhile and catches up by the safety nets
/// (the search index's maximum age; availability is keyed by the provider's schedule version, read on every request).
/// </summary>
public sealed class RedisChangeFeed(RedisScaleOut redis, IServiceScopeFactory scopes, ILogger<RedisChangeFeed> logger)
    : BackgroundService, IChangeFeed
{
    private readonly string _node = Guid.NewGuid().ToString("N");

    private RedisChannel Channel => RedisChannel.Literal(redis.Key("events"));

    private sealed record FeedMessage(string Node, string Type, string Payload);

    public async Task PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
    {
        if (!EventSubscribers.EveryNodeByEvent[domainEvent.GetType()].Any())
        {
            return; // nothing for the other nodes to do (mail, waitlist and live pushes run once, here)
        }
        var entry = OutboxSerializer.ToEntry(domainEvent);
        try
        {
            await redis.Connection.GetSubscriber().PublishAsync(Channel, JsonSerializer.Serialize(new FeedMessage(_node, entry.Type, entry.Payload)));
        }
        catch (RedisException exception)
        {
            logger.LogWarning("Could not publish {Type} {EventId} on the change feed; other nodes catch up by their safety nets: {Error}",
                entry.Type, domainEvent.EventId, exception.Message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A queue, not a callback: messages are handled one at a time in the order they were published.
        var queue = await redis.Connection.GetSubscriber().SubscribeAsync(Channel);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var message = await queue.ReadAsync(stoppingToken);
                await ApplyAsync(message.Message.ToString(), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            // Unsubscribed while stopping.
        }
        finally
        {
            await queue.UnsubscribeAsync();
        }
    }

    private async Task ApplyAsync(string text, CancellationToken ct)
    {
        try
        {
            var message = JsonSerializer.Deserialize<FeedMessage>(text);
            if (message is null || message.Node == _node)
            {
                return;
            }
            var domainEvent = OutboxSerializer.Read(message.Type, message.Payload);
            await using var scope = scopes.CreateAsyncScope();
            foreach (var subscription in EventSubscribers.EveryNodeByEvent[domainEvent.GetType()])
            {
                await subscription.InvokeAsync(scope.ServiceProvider, domainEvent, ct);
            }
        }
        catch (Exception exception) when (!ct.IsCancellationRequested)
        {
            // One bad message must not stop the feed; the safety nets cover what it would have refreshed.
            logger.LogWarning(exception, "Applying a change-feed message failed");
        }
    }
}
