using System.Text.Json;
using HomeSer.Web.Data.Outbox;
using HomeSer.Web.Features.Notifications.Email;
using HomeSer.Web.Features.Notifications.Outbox;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HomeSer.Web.Features.Notifications;

public static class NotificationsSetup
{
    /// <summary>Stored notifications, the outbox dispatcher and the consumers it delivers to (see EventSubscribers), mail (Email:*).</summary>
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<NotificationService>();

        services.Configure<OutboxOptions>(builder.Configuration.GetSection("Outbox"));
        // Replaced by the Redis change feed when Redis:Configuration is set (Infrastructure/RedisSetup).
        services.TryAddSingleton<IChangeFeed, LocalOnlyChangeFeed>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<IOutboxDelivery>(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddSingleton<OutboxInterceptor>();
        services.AddScoped<IDomainEventPublisher, OutboxPublisher>();

        services.Configure<EmailOptions>(builder.Configuration.GetSection("Email"));
        services.AddSingleton<SmtpEmailOutbox>();
        services.AddSingleton<IEmailOutbox>(sp => sp.GetRequiredService<SmtpEmailOutbox>());
        services.AddSingleton<NotificationMailQueue>();
        return builder;
    }

    /// <summary>The live hub and the handler that pushes committed events to it.</summary>
    public static WebApplicationBuilder AddLiveUpdates(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSignalR(options => options.AddFilter<LiveHubFilter>()).AddJsonProtocol(options =>
        {
            options.PayloadSerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.PayloadSerializerOptions.DictionaryKeyPolicy = null;
        });
        // LiveHubFilter logs each hub failure at its proper level; the dispatcher would log refusals as errors too.
        builder.Logging.AddFilter(LiveHubFilter.DispatcherCategory, LogLevel.Critical);
        services.AddScoped<LivePush>();
        services.AddScoped<LiveEventHandlers>();
        return builder;
    }

    public static WebApplication MapLiveUpdates(this WebApplication app)
    {
        app.MapHub<LiveHub>(LiveHub.Path);
        // Commit-to-delivery times of this process's outbox (the benchmark reads them).
        app.MapGet("/healthz/outbox", (OutboxDispatcher dispatcher) =>
        {
            var (count, median, p95) = dispatcher.Latency.Summary();
            return Results.Json(new { delivered = count, median_ms = Math.Round(median, 2), p95_ms = Math.Round(p95, 2) });
        }).ExcludeFromDescription();
        return app;
    }
}
