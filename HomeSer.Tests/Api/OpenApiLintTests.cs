using System.Diagnostics;
using System.Net;
using System.Text.Json;
using HomeSer.Tests.Support;
using Xunit.Abstractions;

namespace HomeSer.Tests.Api;

/// <summary>
/// The served OpenAPI document passes Redocly's recommended lint with no errors. The CLI comes from package.json's
/// devDependencies (installed by <c>npm ci</c> in .ci/test); it runs offline with telemetry off.
/// </summary>
public sealed class OpenApiLintTests(HomeSerFactory factory, ITestOutputHelper output) : IClassFixture<HomeSerFactory>
{
    [Fact]
    public async Task The_served_document_passes_redocly_lint_with_no_errors()
    {
        var document = await (await factory.CreateClient().GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync();
        var file = Path.Combine(factory.Folder, "openapi-v1.json");
        await File.WriteAllTextAsync(file, document);

        var (exitCode, stdout, stderr) = await RedoclyAsync("lint", file, "--format=json");
        output.WriteLine(stderr);

        var report = JsonDocument.Parse(stdout[stdout.IndexOf('{')..]).RootElement;
        var problems = report.GetProperty("problems").EnumerateArray()
            .Select(p => $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()} at {Where(p)}")
            .ToList();
        foreach (var problem in problems)
        {
            output.WriteLine(problem);
        }
        var errors = report.GetProperty("totals").GetProperty("errors").GetInt32();
        Assert.True(errors == 0, $"redocly lint found {errors} errors:\n{string.Join('\n', problems.Where(p => p.StartsWith("error", StringComparison.Ordinal)))}");
        Assert.Equal(0, exitCode);
    }

    private static string Where(JsonElement problem) =>
        problem.TryGetProperty("location", out var locations) && locations.GetArrayLength() > 0
            ? locations[0].GetProperty("pointer").GetString() ?? "?"
            : "?";

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RedoclyAsync(params string[] args)
    {
        var root = RepoRoot();
        var cli = Path.Combine(root, "node_modules", "@redocly", "cli", "bin", "cli.js");
        Assert.True(File.Exists(cli), $"{cli} is missing: run 'npm ci' in {root} (bash .ci/test does).");
        var start = new ProcessStartInfo("node") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // No network at test time: no telemetry, no update check.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["REDOCLY_CLI_TELEMETRY"] = "off";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HomeSer.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("HomeSer.sln not found above the test assembly.");
    }
}
