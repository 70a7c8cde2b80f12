using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using HomeSer.E2E.Benchmarks;

namespace HomeSer.E2E;

/// <summary>Starting the real process as an operator does: where it listens, and what it says when it cannot.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("homeser-startup-");

    private string DatabasePath => Path.Combine(_data.FullName, "homeser.db");

    [Fact]
    public async Task A_taken_address_is_one_clear_line_and_exit_code_1_before_the_database_is_touched()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

        using var process = Start([$"--urls={url}"], environment: []);
        var (exited, output) = await WaitForExitAsync(process, TimeSpan.FromSeconds(60));

        Assert.True(exited, $"Still running with {url} taken:{Environment.NewLine}{output}");
        Assert.Equal(1, process.ExitCode);
        Assert.Contains($"HomeSer cannot listen on {url}: another process uses that address.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.False(File.Exists(DatabasePath), "The database was created although the app could not listen.");
    }

    [Fact]
    public async Task It_listens_where_ASPNETCORE_URLS_says()
    {
        // Port 0: the OS picks a free one and the app says which; the default address (localhost:5080) would say so too.
        using var process = Start([], environment: new() { ["ASPNETCORE_URLS"] = "http://127.0.0.1:0" });
        try
        {
            var address = await BenchServer.ListeningAddressAsync(process, _listening.Task, TimeSpan.FromSeconds(90), Output, CancellationToken.None);
            Assert.Equal("127.0.0.1", address.Host);
            Assert.NotEqual(5080, address.Port);
            await BenchServer.WaitHealthyAsync(process, address, Output, CancellationToken.None);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public void The_launch_profile_sets_no_address_that_dotnet_run_would_put_over_ASPNETCORE_URLS()
    {
        var profiles = Path.Combine(Path.GetDirectoryName(WebBuild.Dll())!, "..", "..", "..", "Properties", "launchSettings.json");
        using var settings = JsonDocument.Parse(File.ReadAllText(profiles));

        foreach (var profile in settings.RootElement.GetProperty("profiles").EnumerateObject())
        {
            Assert.False(profile.Value.TryGetProperty("applicationUrl", out _), $"Profile {profile.Name} sets applicationUrl.");
        }
    }

    private Process Start(string[] arguments, Dictionary<string, string> environment)
    {
        var web = WebBuild.Dll();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(web)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(web);
        foreach (var argument in arguments.Concat([$"--ConnectionStrings:HomeSer=Data Source={DatabasePath}", "--Demo:Seed=false", "--Jobs:Storage=InMemory"]))
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start HomeSer.Web.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Append(string? line)
    {
        if (line is not null)
        {
            if (BenchServer.ListeningAddress(line) is { } address)
            {
                _listening.TrySetResult(address);
            }
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private async Task<(bool Exited, string Output)> WaitForExitAsync(Process process, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (_output)
            {
                return (false, _output.ToString());
            }
        }
        lock (_output)
        {
            return (true, _output.ToString());
        }
    }

    public void Dispose()
    {
        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing the run for.
        }
    }
}
