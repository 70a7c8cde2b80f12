using System.Collections.Concurrent;
using System.Text.Json;
using HomeSer.Tests.Support;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace HomeSer.Tests.Live;

/// <summary>The app for live and mail tests (every host has a mail folder of its own, see <see cref="HomeSerFactory.MailFolder"/>).</summary>
public sealed class LiveFactory : HomeSerFactory;

/// <summary>A SignalR client connected to /hubs/live through the test server, recording every message it receives.</summary>
public sealed class LiveClient : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, BlockingCollection<JsonElement>> _received = new();

    private LiveClient(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    /// <summary>
    /// Long polling sends the token as an Authorization header; WebSockets sends it as <c>?access_token=</c>, the way
    /// browsers must (their WebSocket API cannot set headers).
    /// </summary>
    public static async Task<LiveClient> ConnectAsync(HomeSerFactory factory, string email, bool webSockets = false)
    {
        using var http = await factory.ClientForAsync(email);
        var token = http.DefaultRequestHeaders.Authorization!.Parameter!;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, "/hubs/live"), options =>
            {
                options.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
                if (webSockets)
                {
                    options.Transports = HttpTransportType.WebSockets;
                    options.SkipNegotiation = true;
                    options.WebSocketFactory = (context, ct) =>
                    {
                        var uri = new UriBuilder(context.Uri) { Query = $"access_token={Uri.EscapeDataString(token)}" }.Uri;
                        return new ValueTask<System.Net.WebSockets.WebSocket>(factory.Server.CreateWebSocketClient().ConnectAsync(uri, ct));
                    };
                }
                else
                {
                    options.Transports = HttpTransportType.LongPolling;
                    options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
            })
            .Build();
        var client = new LiveClient(connection);
        foreach (var method in new[] { "booking.status_updated", "availability.updated", "notification.created" })
        {
            connection.On<JsonElement>(method, message => client.Queue(method).Add(message));
        }
        await connection.StartAsync();
        return client;
    }

    public Task SubscribeAsync(string channel) => Connection.InvokeAsync("Subscribe", channel);

    /// <summary>The next message of this method matching the filter, or a failure naming what did not arrive.</summary>
    public JsonElement Next(string method, Func<JsonElement, bool>? match = null, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (Queue(method).TryTake(out var message, Remaining(deadline)))
        {
            if (match?.Invoke(message) ?? true)
            {
                return message;
            }
        }
        throw new Xunit.Sdk.XunitException($"no matching '{method}' message arrived within {seconds} s");
    }

    public bool Nothing(string method, int milliseconds = 500) => !Queue(method).TryTake(out _, milliseconds);

    private static TimeSpan Remaining(DateTime deadline) => deadline - DateTime.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    private BlockingCollection<JsonElement> Queue(string method) => _received.GetOrAdd(method, _ => []);

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
