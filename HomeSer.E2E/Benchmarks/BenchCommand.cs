using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HomeSer.Web.Data;
using Microsoft.Data.Sqlite;

namespace HomeSer.E2E.Benchmarks;

/// <summary>
/// <c>bench</c>: seeds a large data set into a temporary SQLite file, starts HomeSer.Web (Release) on 127.0.0.1 as a
/// child process, warms it, drives closed-loop HTTP load per scenario for a bounded time and prints a markdown table.
/// </summary>
public static class BenchCommand
{
    public const string Usage = """
        usage: dotnet run --project HomeSer.E2E -c Release -- bench [options]

          --seconds N       timed load per scenario (default 10, at most 120)
          --concurrency N   concurrent HTTP workers (default 16)
          --providers N     providers to seed (default 10000)
          --services N      services (default 5 x providers)
          --bookings N      bookings (default 200000)
          --customers N     customer accounts (default 20000)
          --only TEXT       run only the scenarios whose name contains TEXT (the ceiling and /healthz always run)
          --keep            keep the temporary database and print its path
        """;

    private const string Password = "Passw0rd!";
    private const int LoginCustomers = 32;
    private const int WarmProviders = 64;
    private const int BookingProviders = 600;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Options(int Seconds, int Concurrency, int Providers, int Services, int Bookings, int Customers, bool Keep, string? Only);

    /// <summary>An active service, with a customer's home 2 km north of its provider (inside every seeded service radius).</summary>
    private sealed record ServiceRow(int Id, int ProviderId, string Category, string City, double HomeLat, double HomeLng)
    {
        public string Place => string.Create(CultureInfo.InvariantCulture, $"lat={HomeLat:F5}&lng={HomeLng:F5}");
    }

    private sealed record Scenario(string Name, string Target, Func<LoadResult, LoadResult, bool>? Met);

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args, out var options, out var error))
        {
            await Console.Error.WriteLineAsync($"bench: {error}{Environment.NewLine}{Usage}");
            return 2;
        }
        if (options is null)
        {
            Console.WriteLine(Usage);
            return 0;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var folder = Directory.CreateTempSubdirectory("homeser-bench-");
        var database = Path.Combine(folder.FullName, "bench.db");
        BenchServer? server = null;
        try
        {
            var webDll = await LocateWebAsync(cancel.Token);
            var seeded = await SeedCommand.RunAsync(
            [
                "--providers", Text(options.Providers), "--services", Text(options.Services), "--bookings", Text(options.Bookings),
                "--customers", Text(options.Customers), "--database", database, "--reset",
            ]);
            if (seeded != 0)
            {
                return seeded;
            }
            var services = ReadServices(database);
            SqliteConnection.ClearAllPools();

            Console.WriteLine($"bench: starting {webDll} (Production, Release) ...");
            // The job store and the mail folder beside the temporary database, not in the build output.
            server = await BenchServer.StartAsync(webDll, database, cancel.Token,
                [$"--Jobs:SqlitePath={Path.Combine(folder.FullName, "hangfire.db")}", $"--Email:PickupDirectory={Path.Combine(folder.FullName, "mail")}"]);
            Console.WriteLine($"bench: listening on {server.BaseAddress}; {options.Concurrency} workers, {options.Seconds} s per scenario");
            var results = await RunScenariosAsync(server, services, options, cancel.Token);
            var peak = server.PeakMemoryMb();
            Console.WriteLine();
            Console.WriteLine(Table(results, peak, options));
            Console.WriteLine(JobNotes.Count == 0
                ? "background jobs: none ran inside a measuring window (the mail job aside)"
                : "background jobs inside measuring windows:" + Environment.NewLine + string.Join(Environment.NewLine, JobNotes.Select(n => "- " + n)));
            if (Outbox is { } outbox)
            {
                Console.WriteLine();
                Console.WriteLine($"outbox, commit to delivery (SignalR push included) during booking creation: {outbox.Delivered} events, " +
                    $"median {outbox.MedianMs:F1} ms, p95 {outbox.P95Ms:F1} ms (target p95 <= 100 ms: {(outbox.P95Ms <= 100 ? "met" : "not met")})");
            }
            return 0;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("bench: cancelled");
            return 130;
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
            SqliteConnection.ClearAllPools();
            if (options.Keep)
            {
                Console.WriteLine($"bench: kept {database}");
            }
            else
            {
                try
                {
                    folder.Delete(recursive: true);
                }
                catch (IOException)
                {
                    // A temp folder left behind is harmless.
                }
            }
        }
    }

    private sealed record OutboxFigures(long Delivered, double MedianMs, double P95Ms);

    private sealed record JobsSnapshot(List<string> Running, Dictionary<string, DateTime?> LastRuns);

    /// <summary>What the server's background jobs did during a measuring window (printed under the table).</summary>
    private static readonly List<string> JobNotes = [];

    // The mail job sends what the measured requests stored: it is part of their cost, not a visitor.
    private const string MailJob = nameof(HomeSer.Web.Features.Notifications.Email.NotificationMailJob);

    private static async Task<JobsSnapshot> JobsAsync(HttpClient http, CancellationToken ct)
    {
        using var response = await http.GetAsync("healthz/jobs", ct);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        var running = body.GetProperty("running").EnumerateArray().Select(j => j.GetString()!).ToList();
        var lastRuns = body.GetProperty("recurring").EnumerateArray().ToDictionary(
            r => r.GetProperty("id").GetString()!,
            r => r.GetProperty("last_execution").ValueKind == JsonValueKind.Null ? (DateTime?)null : r.GetProperty("last_execution").GetDateTime());
        return new JobsSnapshot(running, lastRuns);
    }

    /// <summary>Waits (at most 3 minutes) until no background job but the mail job runs, saying which one it waits for.</summary>
    private static async Task JobsIdleAsync(HttpClient http, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        var said = false;
        while (true)
        {
            var busy = (await JobsAsync(http, ct)).Running.Where(j => j != MailJob).ToList();
            if (busy.Count == 0 || DateTime.UtcNow > deadline)
            {
                if (busy.Count > 0)
                {
                    Console.WriteLine($"bench: measuring although {string.Join(", ", busy)} still runs");
                }
                return;
            }
            if (!said)
            {
                Console.WriteLine($"bench: waiting for {string.Join(", ", busy)} to finish before measuring ...");
                said = true;
            }
            await Task.Delay(500, ct);
        }
    }

    private static List<string> JobsThatRan(JobsSnapshot before, JobsSnapshot after) =>
        after.LastRuns.Where(r => r.Key != HomeSer.Web.Jobs.JobsSetup.NotificationMailJobId && r.Value != before.LastRuns.GetValueOrDefault(r.Key))
            .Select(r => r.Key)
            .Concat(before.Running.Concat(after.Running).Where(j => j != MailJob))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>The server's commit-to-delivery times, read right after the booking scenario.</summary>
    private static OutboxFigures? Outbox;

    private static async Task<List<(Scenario Scenario, LoadResult Result, double CpuMsPerRequest)>> RunScenariosAsync(
        BenchServer server, List<ServiceRow> services, Options options, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Concurrency + 8,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var http = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var duration = TimeSpan.FromSeconds(options.Seconds);
        var results = new List<(Scenario, LoadResult, double CpuMsPerRequest)>();
        var random = new Random(7);
        var tomorrow = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var tokens = await LoginAsync(http, ct);
        Console.WriteLine($"bench: signed in {tokens.Count} customers");

        async Task<LoadResult?> Measure(Scenario scenario, Func<int, CancellationToken, Task<(bool, string?)?>> send, int warmRequests, int? concurrency = null)
        {
            // The ceiling and /healthz always run: they are the yardsticks of the other targets.
            if (results.Count > 0 && !scenario.Name.StartsWith("health", StringComparison.Ordinal) && options.Only is { } only
                && !scenario.Name.Contains(only, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
            for (var i = 0; i < warmRequests; i++)
            {
                await send(i, ct);
            }
            // A background job (reminders, cache warming, expiry) competing with the load would be measured with it.
            await JobsIdleAsync(http, ct);
            var before = await JobsAsync(http, ct);
            var cpuBefore = server.CpuTime();
            var result = await LoadRun.RunAsync(scenario.Name, concurrency ?? options.Concurrency, duration, send, ct);
            var cpuMs = (server.CpuTime() - cpuBefore).TotalMilliseconds;
            var after = await JobsAsync(http, ct);
            if (JobsThatRan(before, after) is { Count: > 0 } ran)
            {
                JobNotes.Add($"{scenario.Name}: background jobs ran during the window: {string.Join(", ", ran)}");
            }
            var cpuPerRequest = result.Requests == 0 ? 0 : cpuMs / result.Requests;
            results.Add((scenario, result, cpuPerRequest));
            Console.WriteLine($"bench: {scenario.Name}: {result.RequestsPerSecond:F0} req/s, p95 {result.P95Ms:F1} ms, server CPU {cpuPerRequest:F2} ms/req, {result.Errors} errors" +
                (result.FirstError is { } first ? $" (first: {first})" : ""));
            return result;
        }

        Task<(bool, string?)?> Get(string url, string? token, CancellationToken token2) => SendAsync(http, HttpMethod.Get, url, token, null, HttpStatusCode.OK, token2);

        // Warm-up: JIT tiering, connection pools and EF's query cache settle before anything is measured.
        Console.WriteLine("bench: warming up ...");
        await LoadRun.RunAsync("warm-up", options.Concurrency, TimeSpan.FromSeconds(Math.Min(5, options.Seconds)),
            (i, t) => Get(i % 2 == 0 ? "api/services/categories/" : $"api/services/services/{services[i % services.Count].Id}/", null, t), ct);

        // The ceiling: a trivial JSON endpoint of the same app (one small query, no auth).
        await Measure(new Scenario("ceiling: GET /api/services/categories/", "-", null),
            (_, t) => Get("api/services/categories/", null, t), 200);

        // What the app's cheapest authenticated-free route gives: the yardstick of the single-day availability target.
        var health = await Measure(new Scenario("health: GET /healthz", "-", null), (_, t) => Get("healthz", null, t), 200);

        var cities = services.Select(s => s.City).Distinct().Order(StringComparer.Ordinal).Take(6).ToList();
        var categories = services.Select(s => s.Category).Distinct().Order(StringComparer.Ordinal).Take(6).ToList();
        var searches = cities.SelectMany(city => categories.Select(category => (city, category))).ToList();
        await Measure(new Scenario($"search API ({cities.Count} cities x {categories.Count} categories)", "p95 <= 30 ms, >= 25 % of ceiling",
                (r, c) => r.P95Ms <= 30 && r.RequestsPerSecond >= 0.25 * c.RequestsPerSecond),
            (i, t) => Get($"api/services/intelligent-search/?location={searches[i % searches.Count].city}&category={searches[i % searches.Count].category}&date={tomorrow}", null, t),
            searches.Count);

        var serviceIds = services.Select(s => s.Id).ToArray();
        await Measure(new Scenario("service details: GET /api/services/services/{id}/", "-", null),
            (i, t) => Get($"api/services/services/{serviceIds[(int)((uint)(i * 2654435761u) % (uint)serviceIds.Length)]}/", null, t), 200);

        var providers = services.Select(s => s.ProviderId).Distinct().OrderBy(_ => random.Next()).ToList();
        // Availability is asked from the customer's home, so travel time between homes is part of every figure below.
        var placeOf = services.GroupBy(s => s.ProviderId).ToDictionary(g => g.Key, g => g.First().Place);
        var bookingProviders = providers.Take(BookingProviders).ToList();
        var warmProviders = providers.Skip(BookingProviders).Take(WarmProviders).ToList();
        var coldProviders = providers.Skip(BookingProviders + WarmProviders).ToList();
        // The first half is for the concurrent cold run, the second for the one-at-a-time one.
        var coldOffset = coldProviders.Count / 2;
        await Measure(new Scenario("availability, 31 days, cold (each provider once)", "p95 <= 50 ms", (r, _) => r.P95Ms <= 50),
            (i, t) => i < coldOffset
                ? Get($"api/bookings/availabilities/?provider={coldProviders[i]}&days=31&{placeOf[coldProviders[i]]}", tokens[i % tokens.Count], t)
                : Task.FromResult<(bool, string?)?>(null),
            0);
        await Measure(new Scenario("availability, 31 days, warm", ">= 50 % of ceiling", (r, c) => r.RequestsPerSecond >= 0.5 * c.RequestsPerSecond),
            (i, t) => Get($"api/bookings/availabilities/?provider={warmProviders[i % warmProviders.Count]}&days=31&{placeOf[warmProviders[i % warmProviders.Count]]}", tokens[i % tokens.Count], t),
            warmProviders.Count);

        await Measure(new Scenario("availability, one day, warm", ">= 75 % of /healthz", (r, _) => health is null || r.RequestsPerSecond >= 0.75 * health.RequestsPerSecond),
            (i, t) => Get($"api/bookings/availabilities/?provider={warmProviders[i % warmProviders.Count]}&date={tomorrow}&{placeOf[warmProviders[i % warmProviders.Count]]}",
                tokens[i % tokens.Count], t),
            warmProviders.Count);

        // ARCHITECTURE's month figures are latencies of one request, not of a queue behind 16 workers: one at a time.
        await Measure(new Scenario("month (days=31), one request at a time, cold", "p95 <= 50 ms", (r, _) => r.P95Ms <= 50),
            (i, t) => coldOffset + i < coldProviders.Count
                ? Get($"api/bookings/availabilities/?provider={coldProviders[coldOffset + i]}&days=31&{placeOf[coldProviders[coldOffset + i]]}", tokens[i % tokens.Count], t)
                : Task.FromResult<(bool, string?)?>(null),
            0, concurrency: 1);
        await Measure(new Scenario("month (days=31), one request at a time, warm", "p95 <= 5 ms", (r, _) => r.P95Ms <= 5),
            (i, t) => Get($"api/bookings/availabilities/?provider={warmProviders[i % warmProviders.Count]}&days=31&{placeOf[warmProviders[i % warmProviders.Count]]}", tokens[i % tokens.Count], t),
            0, concurrency: 1);

        var slots = await FreeSlotsAsync(http, services, bookingProviders, tokens[0], ct);
        Console.WriteLine($"bench: {slots.Count} distinct free slots to book (one per provider-day)");
        var booked = await Measure(new Scenario("booking creation (distinct free slots)", ">= 300/s", (r, _) => r.RequestsPerSecond >= 300),
            (i, t) => i < slots.Count
                ? SendAsync(http, HttpMethod.Post, "api/bookings/bookings/", tokens[i % tokens.Count], slots[i], HttpStatusCode.Created, t)
                : Task.FromResult<(bool, string?)?>(null),
            0);
        if (booked is not null)
        {
            // Every create commits three events (status, availability, notification); the server timed each one.
            using var response = await http.GetAsync("healthz/outbox", ct);
            if (response.IsSuccessStatusCode)
            {
                var figures = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
                Outbox = new OutboxFigures(figures.GetProperty("delivered").GetInt64(), figures.GetProperty("median_ms").GetDouble(),
                    figures.GetProperty("p95_ms").GetDouble());
                Console.WriteLine($"bench: outbox: {Outbox.Delivered} events delivered, median {Outbox.MedianMs:F1} ms, p95 {Outbox.P95Ms:F1} ms from commit");
            }
        }

        await Measure(new Scenario("search page HTML: GET /Search", "p95 <= 50 ms", (r, _) => r.P95Ms <= 50),
            (i, t) => Get($"Search?location={searches[i % searches.Count].city}&category={searches[i % searches.Count].category}&date={tomorrow}", null, t),
            searches.Count);
        return results;
    }

    private static async Task<(bool, string?)?> SendAsync(HttpClient http, HttpMethod method, string url, string? bearer, object? body,
        HttpStatusCode expected, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, url);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        if (response.StatusCode == expected)
        {
            return (true, null);
        }
        var text = await response.Content.ReadAsStringAsync(ct);
        return (false, $"{(int)response.StatusCode} {url}: {text[..Math.Min(200, text.Length)]}");
    }

    private static async Task<List<string>> LoginAsync(HttpClient http, CancellationToken ct)
    {
        var tokens = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(1, LoginCustomers), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (n, token) =>
            {
                using var response = await http.PostAsJsonAsync("api/auth/login/", new { email = $"customer{n}@bench.test", password = Password }, token);
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadFromJsonAsync<JsonElement>(token);
                tokens.Add(body.GetProperty("access_token").GetString()!);
            });
        return [.. tokens];
    }

    /// <summary>
    /// The first free slot of each local day of the next month at each provider, interleaved across providers so
    /// concurrent requests rarely share a calendar; slots on different days never overlap, so none conflicts.
    /// </summary>
    private static async Task<List<object>> FreeSlotsAsync(HttpClient http, List<ServiceRow> services, List<int> providers, string token, CancellationToken ct)
    {
        var serviceOf = services.GroupBy(s => s.ProviderId).ToDictionary(g => g.Key, g => g.First().Id);
        var perProvider = new ConcurrentDictionary<int, List<object>>();
        await Parallel.ForEachAsync(providers, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (provider, t) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/bookings/availabilities/?provider={provider}&service={serviceOf[provider]}&days=31");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, t);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(t);
            perProvider[provider] = body.GetProperty("slots").EnumerateArray()
                .Select(s => s.GetProperty("start_time").GetDateTime().ToUniversalTime())
                .GroupBy(start => start.Date)
                .Select(day => (object)new { service = serviceOf[provider], provider, start_time = day.Min(), payment_method = "on_completion" })
                .ToList();
        });
        var lists = providers.Select(p => perProvider[p]).ToList();
        var result = new List<object>();
        for (var k = 0; lists.Any(l => k < l.Count); k++)
        {
            result.AddRange(lists.Where(l => k < l.Count).Select(l => l[k]));
        }
        return result;
    }

    private static List<ServiceRow> ReadServices(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT s."Id", s."ProviderId", c."Slug", p."City", p."Latitude", p."Longitude"
            FROM "Services" s JOIN "Providers" p ON p."Id" = s."ProviderId" JOIN "Categories" c ON c."Id" = s."CategoryId"
            WHERE s."IsActive" = 1 AND p."IsActive" = 1 AND p."IsVerified" = 1
            ORDER BY s."Id"
            """;
        using var reader = command.ExecuteReader();
        var rows = new List<ServiceRow>();
        while (reader.Read())
        {
            rows.Add(new ServiceRow(reader.GetInt32(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3),
                reader.GetDouble(4) + 2 / 111.32, reader.GetDouble(5)));
        }
        return rows;
    }

    /// <summary>HomeSer.Web.dll of the Release build next to this one (dotnet run -c Release builds it as a reference).</summary>
    private static async Task<string> LocateWebAsync(CancellationToken ct)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "HomeSer.sln")))
        {
            root = root.Parent;
        }
        if (root is null)
        {
            throw new InvalidOperationException("Run the benchmark from the repository (HomeSer.sln not found above " + AppContext.BaseDirectory + ").");
        }
        var dll = Path.Combine(root.FullName, "HomeSer.Web", "bin", "Release", "net10.0", "HomeSer.Web.dll");
        if (!File.Exists(dll) || !AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        {
            Console.WriteLine("bench: building HomeSer.Web in Release ...");
            using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", Path.Combine(root.FullName, "HomeSer.Web"), "-c", "Release", "-v", "q", "-nologo"]))!;
            await build.WaitForExitAsync(ct);
            if (build.ExitCode != 0)
            {
                throw new InvalidOperationException("dotnet build HomeSer.Web -c Release failed.");
            }
        }
        return dll;
    }

    private static string Table(List<(Scenario Scenario, LoadResult Result, double CpuMsPerRequest)> results, double? peakMb, Options options)
    {
        var ceiling = results[0].Result;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{options.Providers} providers, {options.Services} services, {options.Bookings} bookings; {options.Concurrency} workers, {options.Seconds} s per scenario, {Environment.ProcessorCount} cores");
        text.AppendLine();
        text.AppendLine("| scenario | requests | req/s | p50 ms | p95 ms | p99 ms | server CPU ms/req | errors | vs ceiling | target | met |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (var (scenario, r, cpu) in results)
        {
            var met = scenario.Met is null ? r.Errors == 0 : r.Errors == 0 && scenario.Met(r, ceiling);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {scenario.Name} | {r.Requests} | {r.RequestsPerSecond:F0} | {r.P50Ms:F1} | {r.P95Ms:F1} | {r.P99Ms:F1} | {cpu:F2} | {r.Errors} | {r.RequestsPerSecond / ceiling.RequestsPerSecond:P0} | {(scenario.Target == "-" ? "zero errors" : scenario.Target + ", zero errors")} | {(met ? "met" : "NOT met")} |");
        }
        var memory = peakMb is { } mb ? $"{mb:F0} MB" : "n/a";
        var memoryMet = peakMb is { } peak && peak <= 500;
        text.AppendLine(CultureInfo.InvariantCulture, $"| peak server memory (VmHWM) | | | | | | | | | <= 500 MB | {memory}, {(memoryMet ? "met" : "NOT met")} |");
        return text.ToString();
    }

    private static bool TryParse(string[] args, out Options? options, out string error)
    {
        int seconds = 10, concurrency = 16, providers = 10_000, bookings = 200_000, customers = 20_000;
        int? services = null;
        var keep = false;
        string? only = null;
        options = null;
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--help" or "-h":
                    return true;
                case "--keep":
                    keep = true;
                    continue;
                case "--only" when i + 1 < args.Length:
                    only = args[++i];
                    continue;
                case "--seconds" or "--concurrency" or "--providers" or "--services" or "--bookings" or "--customers":
                    if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
                    {
                        error = $"{args[i]} needs a whole number >= 1";
                        return false;
                    }
                    switch (args[i++])
                    {
                        case "--seconds": seconds = Math.Min(value, 120); break;
                        case "--concurrency": concurrency = value; break;
                        case "--providers": providers = value; break;
                        case "--services": services = value; break;
                        case "--bookings": bookings = value; break;
                        default: customers = value; break;
                    }
                    continue;
                default:
                    error = $"unknown option '{args[i]}'";
                    return false;
            }
        }
        options = new Options(seconds, concurrency, providers, services ?? 5 * providers, bookings, customers, keep, only);
        return true;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
