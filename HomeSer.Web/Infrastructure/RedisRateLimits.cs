using System.Threading.RateLimiting;
using RedisRateLimiting;

namespace HomeSer.Web.Infrastructure;

/// <summary>
/// A fixed-window partition of a named limiter policy: counted in this process alone, or, with Redis configured, in
/// Redis (RedisRateLimiting), so a client spreading requests over several nodes meets one limit.
/// </summary>
public static class RedisRateLimits
{
    public static RateLimitPartition<string> FixedWindow(HttpContext http, string policy, string key, int permitLimit, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.RequestServices.GetService<RedisScaleOut>() is not { } redis)
        {
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permitLimit,
                Window = window,
            });
        }
        // The partition key is the Redis key: the policy is part of it, as the in-process limiter keeps policies apart.
        return RedisRateLimitPartition.GetFixedWindowRateLimiter(redis.Key($"rate:{policy}:{key}"), _ => new RedisFixedWindowRateLimiterOptions
        {
            ConnectionMultiplexerFactory = () => redis.Connection,
            PermitLimit = permitLimit,
            Window = window,
        });
    }
}
