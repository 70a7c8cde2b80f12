using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Data.Outbox;

namespace HomeSer.Tests.Operations;

/// <summary>The readiness probe an orchestrator or nginx asks before sending traffic: 200 when every check passes, 503 naming the failing one.</summary>
public sealed class ReadinessTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync(HomeSerFactory app)
    {
        var response = await app.CreateClient().GetAsync("/healthz/ready");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    private static string StatusOf(JsonElement body, string check) => body.GetProperty("checks").GetProperty(check).GetProperty("status").GetString()!;

    [Fact]
    public async Task A_healthy_node_is_ready_with_each_check_listed()
    {
        await using var app = new HomeSerFactory();

        var (status, body) = await ReadyAsync(app);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal("healthy", StatusOf(body, "database"));
        Assert.Equal("healthy", StatusOf(body, "outbox"));
        Assert.False(body.GetProperty("checks").TryGetProperty("redis", out _), "no Redis check without Redis:Configuration");
    }

    [Fact]
    public async Task A_stalled_outbox_makes_the_node_not_ready_while_it_stays_alive()
    {
        await using var app = new StalledOutboxFactory();
        // An event that waits undelivered longer than the limit (the poll that would retry it runs once an hour here).
        await app.WithDbAsync(async db =>
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                EventId = Guid.NewGuid().ToString("N"),
                Type = "NoSuchEvent",
                Stream = "booking:0",
                Payload = "{}",
                OccurredAt = app.Clock.GetUtcNow().UtcDateTime.AddMinutes(-5),
            });
            return await db.SaveChangesAsync();
        });

        var (status, body) = await ReadyAsync(app);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", StatusOf(body, "outbox"));
        Assert.Equal("healthy", StatusOf(body, "database"));
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_configured_Redis_that_does_not_answer_makes_the_node_not_ready()
    {
        // A port nobody listens on: bound, read, released.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var app = new RedisDownFactory(port);

        var (status, body) = await ReadyAsync(app);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", StatusOf(body, "redis"));
    }

    private sealed class StalledOutboxFactory : HomeSerFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
            [new("Outbox:PollSeconds", "3600"), new("Health:OutboxLagSeconds", "60")];
    }

    private sealed class RedisDownFactory(int port) : HomeSerFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Redis:Configuration", $"127.0.0.1:{port}")];
    }
}
