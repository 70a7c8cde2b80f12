using System.Diagnostics;

namespace HomeSer.E2E.Benchmarks;

/// <summary>What one scenario measured: client-side latency of every request sent in the timed window.</summary>
public sealed record LoadResult(string Name, int Requests, int Errors, double Seconds, double P50Ms, double P95Ms, double P99Ms, string? FirstError)
{
    public double RequestsPerSecond => Seconds <= 0 ? 0 : Requests / Seconds;
}

/// <summary>
/// Closed-loop load: <c>concurrency</c> workers each send one request, wait for it, and send the next, until the time is
/// up or the scenario runs out of work (a request returning false from <c>send</c> as "nothing left" stops its worker).
/// </summary>
public static class LoadRun
{
    /// <param name="send">Sends request number i; returns null when there is no more work, else whether it succeeded
    /// (with an error text when not).</param>
    public static async Task<LoadResult> RunAsync(string name, int concurrency, TimeSpan duration,
        Func<int, CancellationToken, Task<(bool Ok, string? Error)?>> send, CancellationToken ct)
    {
        var latencies = new List<double>[concurrency];
        var errors = 0;
        string? firstError = null;
        var counter = -1;
        using var timeUp = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Hard cap: a request still running when the time is up is abandoned, not waited for.
        timeUp.CancelAfter(duration + TimeSpan.FromSeconds(5));
        var clock = Stopwatch.StartNew();

        async Task WorkerAsync(int worker)
        {
            var mine = latencies[worker] = new List<double>(4096);
            while (clock.Elapsed < duration && !timeUp.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref counter);
                var started = Stopwatch.GetTimestamp();
                (bool Ok, string? Error)? outcome;
                try
                {
                    outcome = await send(i, timeUp.Token);
                }
                catch (OperationCanceledException) when (timeUp.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    outcome = (false, e.Message);
                }
                if (outcome is not { } done)
                {
                    return;
                }
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!done.Ok)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, done.Error, null);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(() => WorkerAsync(w), CancellationToken.None)));
        var seconds = Math.Min(clock.Elapsed.TotalSeconds, duration.TotalSeconds + 5);
        var all = latencies.Where(l => l is not null).SelectMany(l => l).Order().ToArray();
        return new LoadResult(name, all.Length, errors, seconds, Percentile(all, 50), Percentile(all, 95), Percentile(all, 99), firstError);
    }

    private static double Percentile(double[] sorted, double percent)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
