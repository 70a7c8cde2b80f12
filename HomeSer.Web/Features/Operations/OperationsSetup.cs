using System.Security.Cryptography;
using System.Text;
using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace HomeSer.Web.Features.Operations;

/// <summary>Configuration section <c>Telemetry</c>.</summary>
public sealed class TelemetrySettings
{
    /// <summary>Collect metrics and serve them for Prometheus at <see cref="MetricsPath"/>. Default: true.</summary>
    public bool Metrics { get; set; } = true;

    public string MetricsPath { get; set; } = "/metrics";

    /// <summary>
    /// A scraper presenting <c>Authorization: Bearer {token}</c> may read the metrics; unset, only a signed-in admin may.
    /// </summary>
    public string? MetricsToken { get; set; }
}

/// <summary>What an operator runs the app with: metrics, traces, the readiness probe.</summary>
public static class OperationsSetup
{
    public const string ReadyTag = "ready";

    /// <summary>The OTLP exporter's own environment variable: when it is set, traces and metrics are also pushed there.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var telemetry = configuration.GetSection("Telemetry").Get<TelemetrySettings>() ?? new TelemetrySettings();
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]);

        services.AddScoped<BookingMetrics>();
        services.AddSingleton<OutboxLag>();

        var health = services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        health.AddCheck<OutboxLagHealthCheck>("outbox", tags: [ReadyTag]);
        if (!string.IsNullOrWhiteSpace(configuration["Redis:Configuration"]))
        {
            health.AddCheck<RedisHealthCheck>("redis", tags: [ReadyTag]);
        }

        if (!telemetry.Metrics && !otlp)
        {
            return builder;
        }
        var open = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("HomeSer.Web"));
        open.WithMetrics(metrics =>
        {
            // Requests (duration, in flight), connections and rate-limit rejections; not every framework meter
            // (authentication, routing...), whose instruments each request would pay for.
            metrics.AddMeter(HomeSerMetrics.Name, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting")
                .AddRuntimeInstrumentation();
            if (telemetry.Metrics)
            {
                // Each scrape reads fresh values (the exporter's default caches an answer for 300 ms).
                metrics.AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
            }
            if (otlp)
            {
                metrics.AddOtlpExporter();
            }
        });
        // Traces only go somewhere over OTLP; without it no tracer listens and no request pays for an activity.
        if (otlp)
        {
            open.WithTracing(tracing => tracing.AddSource(HomeSerMetrics.Name).AddAspNetCoreInstrumentation().AddOtlpExporter());
        }
        return builder;
    }

    /// <summary><c>/healthz</c> (liveness: the database answers), <c>/healthz/ready</c> and the metrics endpoint.</summary>
    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = check => !check.Tags.Contains(ReadyTag) });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { ResponseWriter = ReadinessResponse.WriteAsync });

        var telemetry = app.Services.GetRequiredService<IOptions<TelemetrySettings>>().Value;
        var lag = app.Services.GetRequiredService<OutboxLag>();
        // Per app (its meter factory disposes it with the app), read at each scrape: one indexed query.
        app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>().Create(new System.Diagnostics.Metrics.MeterOptions(HomeSerMetrics.Name))
            .CreateObservableGauge("homeser.outbox.lag", () => lag.MeasureAsync(CancellationToken.None).GetAwaiter().GetResult().TotalSeconds,
                "s", "Age of the oldest outbox event not delivered yet (0 when all are).");
        if (telemetry.Metrics)
        {
            var token = string.IsNullOrEmpty(telemetry.MetricsToken) ? null : Encoding.UTF8.GetBytes("Bearer " + telemetry.MetricsToken);
            // Before the endpoint (authentication has run): the exporter's endpoint takes no authorization metadata of its own.
            app.UseWhen(http => http.Request.Path.Equals(telemetry.MetricsPath, StringComparison.OrdinalIgnoreCase), scrape => scrape.Use(async (http, next) =>
            {
                if (MayScrape(http, token))
                {
                    await next(http);
                    return;
                }
                http.Response.StatusCode = http.User.Identity?.IsAuthenticated == true ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
            }));
            app.MapPrometheusScrapingEndpoint(telemetry.MetricsPath);
        }
        return app;
    }

    private static bool MayScrape(HttpContext http, byte[]? token) =>
        http.User.IsInRole(Roles.Admin)
        || (token is not null && http.Request.Headers.Authorization.ToString() is { Length: > 0 } presented
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), token));
}
