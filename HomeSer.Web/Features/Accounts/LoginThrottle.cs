using System.Collections.Concurrent;

namespace HomeSer.Web.Features.Accounts;

/// <summary>Configuration section <c>Login</c>: how wrong passwords slow down one account from one address.</summary>
public sealed class LoginThrottleOptions
{
    /// <summary>Wrong passwords for one account from one address before attempts have to wait.</summary>
    public int FreeFailures { get; set; } = 5;

    /// <summary>The first wait; each further failure doubles it, up to <see cref="MaxDelaySeconds"/>.</summary>
    public int FirstDelaySeconds { get; set; } = 1;

    public int MaxDelaySeconds { get; set; } = 300;
}

/// <summary>
/// Back-off for password guessing, per (email, client address) instead of a hard account lockout: an attacker who
/// guesses from one address slows only themselves, and the owner signing in from another address is never locked out.
/// The key is the email as typed, whether or not an account has it, so an unknown address is throttled exactly like a
/// known one and the answer reveals nothing. In memory: on several nodes each node counts its own (see README).
/// </summary>
public sealed class LoginThrottle(TimeProvider clock, Microsoft.Extensions.Options.IOptions<LoginThrottleOptions> options)
{
    private sealed record Entry(int Failures, DateTimeOffset BlockedUntil, DateTimeOffset LastFailure);

    private readonly ConcurrentDictionary<string, Entry> _entries = new();

    /// <summary>How long this account and address must still wait, or null when it may try now.</summary>
    public TimeSpan? WaitFor(string email, string? address)
    {
        var now = clock.GetUtcNow();
        return _entries.TryGetValue(Key(email, address), out var entry) && entry.BlockedUntil > now ? entry.BlockedUntil - now : null;
    }

    public void Failed(string email, string? address)
    {
        var now = clock.GetUtcNow();
        var settings = options.Value;
        _entries.AddOrUpdate(Key(email, address),
            _ => Next(0),
            (_, old) => Next(now - old.LastFailure > TimeSpan.FromSeconds(settings.MaxDelaySeconds) * 2 ? 0 : old.Failures));
        if (_entries.Count > 100_000)
        {
            Prune(now);
        }

        Entry Next(int failures)
        {
            failures++;
            var over = failures - settings.FreeFailures;
            var delay = over <= 0 ? 0 : Math.Min(settings.MaxDelaySeconds, settings.FirstDelaySeconds * Math.Pow(2, Math.Min(over - 1, 30)));
            return new Entry(failures, now + TimeSpan.FromSeconds(delay), now);
        }
    }

    public void Succeeded(string email, string? address) => _entries.TryRemove(Key(email, address), out _);

    private void Prune(DateTimeOffset now)
    {
        var stale = TimeSpan.FromSeconds(options.Value.MaxDelaySeconds) * 2;
        foreach (var (key, entry) in _entries)
        {
            if (now - entry.LastFailure > stale)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private static string Key(string email, string? address) => email.Trim().ToUpperInvariant() + "|" + (address ?? "unknown");
}
