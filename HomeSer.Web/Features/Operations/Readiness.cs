using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using HomeSer.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HomeSer.Web.Features.Operations;

/// <summary>Configuration section <c>Health</c>.</summary>
public sealed class HealthSettings
{
    /// <summary>The oldest undelivered outbox row may be this old before the node reports not ready.</summary>
    public double OutboxLagSeconds { get; set; } = 30;
}

/// <summary>How far behind the outbox is: the age of its oldest undelivered row (zero when everything is delivered).</summary>
public sealed class OutboxLag(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task<TimeSpan> MeasureAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HomeSerDbContext>();
        // The (DispatchedAt, Id) index finds the oldest undelivered row without a scan.
        var oldest = await db.OutboxMessages.AsNoTracking().Where(m => m.DispatchedAt == null).OrderBy(m => m.Id)
            .Select(m => (DateTime?)m.OccurredAt).FirstOrDefaultAsync(ct);
        return oldest is { } occurred && clock.GetUtcNow().UtcDateTime - occurred is { Ticks: > 0 } age ? age : TimeSpan.Zero;
    }
}

/// <summary>Not ready while events wait longer than <c>Health:OutboxLagSeconds</c>: pushes, mails and caches are behind.</summary>
internal sealed class OutboxLagHealthCheck(OutboxLag lag, IOptions<HealthSettings> settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var age = await lag.MeasureAsync(cancellationToken);
        var data = new Dictionary<string, object> { ["lag_seconds"] = Math.Round(age.TotalSeconds, 1) };
        return age.TotalSeconds <= settings.Value.OutboxLagSeconds
            ? HealthCheckResult.Healthy(data: data)
            : HealthCheckResult.Unhealthy(
                string.Create(CultureInfo.InvariantCulture, $"The oldest undelivered event is {age.TotalSeconds:0} s old (limit {settings.Value.OutboxLagSeconds:0} s)."),
                data: data);
    }
}

/// <summary>
/// Redis answers PING (RESP, over TCP) at the first endpoint of <c>Redis:Configuration</c>, after AUTH when the
/// configuration carries a password. Only registered when Redis is configured.
/// </summary>
internal sealed class RedisHealthCheck(IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var parts = (configuration["Redis:Configuration"] ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var endpoint = parts.First(p => !p.Contains('=', StringComparison.Ordinal));
        var password = parts.Select(p => p.Split('=', 2)).FirstOrDefault(kv => kv.Length == 2 && kv[0].Equals("password", StringComparison.OrdinalIgnoreCase))?[1];
        var colon = endpoint.LastIndexOf(':');
        var (host, port) = colon > 0 ? (endpoint[..colon], int.Parse(endpoint[(colon + 1)..], CultureInfo.InvariantCulture)) : (endpoint, 6379);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token);
            var stream = client.GetStream();
            var command = (password is null ? "" : $"AUTH {password}\r\n") + "PING\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command), timeout.Token);
            var buffer = new byte[256];
            var answer = new StringBuilder();
            while (!answer.ToString().Contains("PONG", StringComparison.Ordinal) && !answer.ToString().StartsWith('-'))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            return answer.ToString().Contains("+PONG", StringComparison.Ordinal)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Redis at {host}:{port} did not answer PING ({answer.ToString().Trim()}).");
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
        {
            return HealthCheckResult.Unhealthy($"Redis at {host}:{port} cannot be reached.");
        }
    }
}

/// <summary>The small JSON body of <c>/healthz/ready</c>: the overall status and each check's.</summary>
internal static class ReadinessResponse
{
    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        var body = new
        {
            status = Wire(report.Status),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = Wire(e.Value.Status),
                description = e.Value.Description,
                data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        };
        return JsonSerializer.SerializeAsync(http.Response.Body, body, ReadinessJson, http.RequestAborted);
    }

    private static readonly JsonSerializerOptions ReadinessJson = new()
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private static string Wire(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
