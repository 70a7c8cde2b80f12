using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace HomeSer.E2E.Benchmarks;

/// <summary>HomeSer.Web from its Release build, as a child process on 127.0.0.1, killed with its tree on dispose.</summary>
public sealed class BenchServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BenchServer(Process process)
    {
        _process = process;
    }

    /// <summary>Where the server listens: port 0 lets the OS pick a free port, so a port is never raced for.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts the server; <paramref name="extraSettings"/> (<c>--Key=value</c>) come last and win (a restarted cluster node
    /// passes its old <c>--urls</c>). <paramref name="environment"/> adds variables (a cluster node's own HOME);
    /// <paramref name="startTimeout"/> bounds each of listening and answering /healthz (default 90 s).
    /// </summary>
    public static async Task<BenchServer> StartAsync(string webDll, string databasePath, CancellationToken ct, IEnumerable<string>? extraSettings = null,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? startTimeout = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(webDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(webDll);
        foreach (var setting in new[]
                 {
                     "--urls=http://127.0.0.1:0",
                     $"--ConnectionStrings:HomeSer=Data Source={databasePath}",
                     "--Demo:Seed=false",
                     // The limits protect production from abuse; the load generator is one IP and a few users.
                     "--RateLimits:LoginPerMinute=1000000",
                     "--RateLimits:BookingsPerMinute=1000000",
                     "--RateLimits:BookingsGlobalPerSecond=1000000",
                     "--Bookings:MaxPendingPerCustomer=1000000",
                     "--Logging:LogLevel:Default=Warning",
                     // "Now listening on: ..." says which port the OS gave.
                     "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
                 }.Concat(extraSettings ?? []))
        {
            info.ArgumentList.Add(setting);
        }
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start HomeSer.Web.");
        var server = new BenchServer(process);
        // Ctrl+C and exceptions dispose the server; this also covers the bench process being asked to stop (SIGTERM).
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.KillQuietly();
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitHealthyAsync(startTimeout ?? TimeSpan.FromSeconds(90), ct);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>Peak resident set of the server so far (VmHWM), in MB; null where /proc is not available.</summary>
    public double? PeakMemoryMb()
    {
        var status = $"/proc/{_process.Id}/status";
        if (!File.Exists(status))
        {
            return null;
        }
        foreach (var line in File.ReadLines(status))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }
        return null;
    }

    /// <summary>CPU time the server has used so far, all threads: unlike latency, moved less than latency by other load on the machine.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>Kills the process at once (SIGKILL, like <c>kill -9</c>): no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public string RecentOutput()
    {
        lock (_lastLines)
        {
            return string.Join(Environment.NewLine, _lastLines);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or not dying in time: nothing more to do from here.
        }
        _process.Dispose();
    }

    private void KillQuietly()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone or already disposed.
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        if (ListeningAddress(line) is { } address)
        {
            _listening.TrySetResult(address);
        }
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            while (_lastLines.Count > 40)
            {
                _lastLines.Dequeue();
            }
        }
    }

    private async Task WaitHealthyAsync(TimeSpan timeout, CancellationToken ct)
    {
        BaseAddress = await ListeningAddressAsync(_process, _listening.Task, timeout, RecentOutput, ct);
        await WaitHealthyAsync(_process, BaseAddress, RecentOutput, ct, timeout);
    }

    /// <summary>
    /// Polls /healthz until it answers 200. A slow first answer (JIT, migrations, a busy machine) is tried again, not
    /// taken for a failure; only the deadline, or the process exiting, ends the wait.
    /// </summary>
    public static async Task WaitHealthyAsync(Process process, Uri address, Func<string> output, CancellationToken ct, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(90);
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < limit)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"HomeSer.Web exited with {process.ExitCode}:{Environment.NewLine}{output()}");
            }
            try
            {
                if ((await client.GetAsync("healthz", ct)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Slow first answer; try again.
            }
            await Task.Delay(200, ct);
        }
        throw new TimeoutException($"HomeSer.Web did not answer /healthz within {limit.TotalSeconds:0} s:{Environment.NewLine}{output()}");
    }

    /// <summary>The address in ASP.NET Core's "Now listening on: ..." line, or null for any other line.</summary>
    public static Uri? ListeningAddress(string line)
    {
        const string marker = "Now listening on: ";
        var at = line.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? null : new Uri(line[(at + marker.Length)..].Trim().TrimEnd('/') + "/");
    }

    /// <summary>Waits for the listening line of <paramref name="process"/>; fails with its output if it exits or takes too long.</summary>
    public static async Task<Uri> ListeningAddressAsync(Process process, Task<Uri> listening, TimeSpan timeout, Func<string> output, CancellationToken ct)
    {
        var exited = process.WaitForExitAsync(ct);
        var first = await Task.WhenAny(listening, exited, Task.Delay(timeout, ct));
        if (first == listening)
        {
            return await listening;
        }
        ct.ThrowIfCancellationRequested();
        throw first == exited
            ? new InvalidOperationException($"HomeSer.Web exited with {process.ExitCode} before listening:{Environment.NewLine}{output()}")
            : new TimeoutException($"HomeSer.Web did not say where it listens within {timeout.TotalSeconds:0} s:{Environment.NewLine}{output()}");
    }
}
