using System.Collections.Concurrent;
using HomeSer.Tests.Live;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HomeSer.Tests.Security;

/// <summary>The app with every log entry recorded.</summary>
public sealed class RecordingLogsFactory : HomeSerFactory
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(new Recorder(Entries)));
    }

    private sealed class Recorder(ConcurrentQueue<(string, LogLevel, string, Exception?)> entries) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string, Exception?)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((category, logLevel, formatter(state, exception), exception));
        }
    }
}

/// <summary>Refused live subscriptions are expected answers: logged at information, once each, without a stack trace.</summary>
public sealed class HubRefusalLoggingTests(RecordingLogsFactory factory) : IClassFixture<RecordingLogsFactory>
{
    [Fact]
    public async Task Refused_subscriptions_write_no_warnings_or_errors()
    {
        var stranger = await factory.CreateUserAsync(Roles.Customer);
        await using var live = await LiveClient.ConnectAsync(factory, stranger.Email!);
        var before = factory.Entries.Count;

        for (var i = 0; i < 20; i++)
        {
            await Assert.ThrowsAsync<HubException>(() => live.SubscribeAsync($"notifications:{stranger.Id + 1000 + i}"));
        }

        var entries = factory.Entries.Skip(before).ToList();
        Assert.DoesNotContain(entries, e => e.Level >= LogLevel.Warning);
        var refusals = entries.Where(e => e.Message.StartsWith("Refused Subscribe", StringComparison.Ordinal)).ToList();
        Assert.Equal(20, refusals.Count);
        Assert.All(refusals, e => Assert.Equal((LogLevel.Information, null), (e.Level, e.Exception)));
    }
}
