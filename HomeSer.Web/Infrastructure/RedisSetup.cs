using HomeSer.Web.Features.Notifications.Outbox;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace HomeSer.Web.Infrastructure;

/// <summary>
/// The shared Redis of a scale-out (<c>Redis:Configuration</c>): one connection for the SignalR backplane, HybridCache's
/// second level, the change feed and the rate-limit counters. Every key and channel starts with <see cref="Prefix"/>
/// (<c>Redis:InstanceName</c>, default <c>HomeSer</c>), so two clusters can share one server without hearing each other.
/// </summary>
public sealed class RedisScaleOut(IConnectionMultiplexer connection, string prefix)
{
    public IConnectionMultiplexer Connection { get; } = connection;

    public string Prefix { get; } = prefix;

    public string Key(string name) => $"{Prefix}:{name}";
}

public static class RedisSetup
{
    public const string ConfigurationKey = "Redis:Configuration";

    /// <summary>With <c>Redis:Configuration</c> set, shares what several nodes must agree on through Redis; unset, nothing changes.</summary>
    public static WebApplicationBuilder AddRedisScaleOut(this WebApplicationBuilder builder)
    {
        if (builder.Configuration[ConfigurationKey] is not { Length: > 0 } configuration)
        {
            return builder;
        }
        var options = ConfigurationOptions.Parse(configuration);
        // A node starts, and keeps serving from its own memory, while Redis is away; it reconnects on its own.
        options.AbortOnConnectFail = false;
        options.ClientName ??= $"homeser-{Environment.MachineName}-{Environment.ProcessId}";
        var prefix = builder.Configuration["Redis:InstanceName"] is { Length: > 0 } name ? name : "HomeSer";
        var connection = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(options));
        builder.Services.AddSingleton(_ => new RedisScaleOut(connection.Value, prefix));
        builder.Services.AddSingleton<IConnectionMultiplexer>(sp => sp.GetRequiredService<RedisScaleOut>().Connection);

        // SignalR: a group send on one node reaches the group's connections on every node.
        // Its own connection: the channel prefix is applied by the connection, and it keeps the clusters apart.
        builder.Services.AddSignalR().AddStackExchangeRedis(redis =>
        {
            redis.Configuration = options.Clone();
            redis.Configuration.ChannelPrefix = RedisChannel.Literal($"{prefix}:signalr:");
        });

        // HybridCache picks up this IDistributedCache as its second level. Its tag invalidation does not reach the other
        // nodes' first level by itself: the change feed runs each node's own cache handlers (RedisChangeFeed).
        builder.Services.AddStackExchangeRedisCache(cache =>
        {
            cache.InstanceName = $"{prefix}:cache:";
            cache.ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(connection.Value);
        });

        builder.Services.AddSingleton<RedisChangeFeed>();
        builder.Services.AddSingleton<IChangeFeed>(sp => sp.GetRequiredService<RedisChangeFeed>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RedisChangeFeed>());
        return builder;
    }
}
