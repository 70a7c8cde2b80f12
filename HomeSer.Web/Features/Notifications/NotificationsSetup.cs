using System.Text.Json;
using HomeSer.Web.Features.Notifications.Email;
using HomeSer.Web.Jobs;
using Microsoft.AspNetCore.SignalR;

namespace HomeSer.Web.Features.Notifications;

public static class NotificationsSetup
{
    /// <summary>Stored notifications: listing and marking read.</summary>
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<NotificationService>();
        return builder;
    }

    /// <summary>
    /// The live hub, the handlers that push committed events to it and email each notification (Email:*), and the
    /// background jobs (Jobs:*) that raise reminders and expire stale bookings.
    /// </summary>
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
        services.AddScoped<IDomainEventHandler<BookingStatusChanged>>(sp => sp.GetRequiredService<LiveEventHandlers>());
        services.AddScoped<IDomainEventHandler<AvailabilityChanged>>(sp => sp.GetRequiredService<LiveEventHandlers>());
        services.AddScoped<IDomainEventHandler<NotificationCreated>>(sp => sp.GetRequiredService<LiveEventHandlers>());

        services.Configure<EmailOptions>(builder.Configuration.GetSection("Email"));
        services.AddSingleton<SmtpEmailOutbox>();
        services.AddSingleton<IEmailOutbox>(sp => sp.GetRequiredService<SmtpEmailOutbox>());
        services.AddScoped<IDomainEventHandler<NotificationCreated>, NotificationEmailHandler>();

        builder.AddJobs();
        return builder;
    }

    public static WebApplication MapLiveUpdates(this WebApplication app)
    {
        app.MapHub<LiveHub>(LiveHub.Path);
        app.MapJobs();
        return app;
    }
}
