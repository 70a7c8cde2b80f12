using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HomeSer.E2E.Benchmarks;
using Npgsql;

namespace HomeSer.E2E.Cluster;

/// <summary>The cluster tests share one cluster and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Cluster";
}

/// <summary>
/// Three real processes of the built HomeSer.Web on one PostgreSQL database (created by their own start, at once) and
/// one Redis, behind a private nginx (.ci/nginx.sh's configuration), each node with its own HOME and mail folder and
/// nothing else on disk in common. The servers come from <c>HOMESER_TEST_POSTGRES</c>, <c>HOMESER_TEST_REDIS</c> and
/// <c>HOMESER_TEST_NGINX</c> (or /usr/sbin/nginx), which <c>bash .ci/test</c> provides; without them every test fails and says so.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const int NodeCount = 3;

    /// <summary>The per-user booking limit the nodes run with (low, so that the cross-node test reaches it).</summary>
    public const int BookingsPerMinute = 6;

    public const string Password = "Passw0rd!";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("homeser-cluster-");
    private readonly BenchServer?[] _nodes = new BenchServer?[NodeCount];
    // Each node's port, given by the OS at its first start (port 0) and asked for again when it is restarted.
    private readonly int[] _ports = new int[NodeCount];
    private readonly ConcurrentQueue<DateTime> _spacedSlots = new();
    private readonly string _instance = $"homeser-test-{Guid.NewGuid():N}";
    private Process? _nginx;
    private string _postgres = "";
    private string _redis = "";
    private string _database = "";
    private string _connectionString = "";
    private string _web = "";

    public HttpClient Http { get; } = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) }) { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>nginx's address: what clients use.</summary>
    public Uri Proxy { get; private set; } = null!;

    public Uri Node(int index) => new($"http://127.0.0.1:{_ports[index]}/");

    public int PortOf(int index) => _ports[index];

    /// <summary>nginx's access log: method, path, status and the node that answered, one request a line.</summary>
    public string AccessLog => Path.Combine(_folder.FullName, "nginx", "logs", "access.log");

    public int ProviderId { get; private set; }

    public int ServiceId { get; private set; }

    public int ServiceMinutes { get; private set; }

    /// <summary>The provider's bookable starts for the service, 31 days, as read at start (for overlapping starts).</summary>
    public IReadOnlyList<DateTime> Slots { get; private set; } = [];

    public async Task InitializeAsync()
    {
        _postgres = Required("HOMESER_TEST_POSTGRES", "an Npgsql connection string of a PostgreSQL server where this user may create databases");
        _redis = Required("HOMESER_TEST_REDIS", "a Redis address such as 127.0.0.1:6379");
        var nginx = Environment.GetEnvironmentVariable("HOMESER_TEST_NGINX") is { Length: > 0 } configured ? configured : "/usr/sbin/nginx";
        if (!File.Exists(nginx))
        {
            throw new InvalidOperationException($"The cluster tests need nginx and found none at {nginx}: run `bash .ci/test` (it installs Debian's nginx), or set HOMESER_TEST_NGINX.");
        }
        _database = $"homeser_cluster_{Guid.NewGuid():N}";
        _connectionString = new NpgsqlConnectionStringBuilder(_postgres) { Database = _database }.ToString();
        _web = WebBuild.Dll();

        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        // All nodes at once on the empty database: one migrates and seeds, the others wait for its lock.
        await Task.WhenAll(Enumerable.Range(0, NodeCount).Select(i => StartNodeAsync(i, cts.Token)));
        await StartNginxAsync(nginx, cts.Token);

        var provider = await LoginAsync(Proxy, "provider@homeser.test");
        ProviderId = (await GetJsonAsync(Proxy, "api/auth/me/", provider)).GetProperty("provider_id").GetInt32();
        var service = (await GetJsonAsync(Proxy, "api/providers/me/services/", provider)).GetProperty("results").EnumerateArray()
            .First(s => s.GetProperty("is_active").GetBoolean());
        ServiceId = service.GetProperty("id").GetInt32();
        ServiceMinutes = service.GetProperty("duration_minutes").GetInt32();
        var customer = await LoginAsync(Proxy, "customer@homeser.test");
        Slots = await SlotsAsync(Proxy, customer);
        // Starts far enough apart (duration, buffer and travel) that a booking at one never makes another unbookable.
        var last = DateTime.MinValue;
        foreach (var start in Slots)
        {
            if (start >= last.AddMinutes(ServiceMinutes + 120))
            {
                _spacedSlots.Enqueue(start);
                last = start;
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
        }
        _nginx?.Dispose();
        foreach (var node in _nodes)
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }
        Http.Dispose();
        if (_database.Length > 0)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_postgres) { Pooling = false }.ToString());
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing the run for.
        }
    }

    /// <summary>A start nobody else in these tests books, free when the cluster started.</summary>
    public DateTime TakeSlot() => _spacedSlots.TryDequeue(out var start)
        ? start
        : throw new InvalidOperationException("The cluster tests ran out of free starts of the demo provider.");

    /// <summary>Kills a node at once (SIGKILL): no shutdown code runs.</summary>
    public async Task KillAsync(int index)
    {
        await _nodes[index]!.KillAsync();
        await _nodes[index]!.DisposeAsync();
        _nodes[index] = null;
    }

    /// <summary>Starts a node again on its old port and HOME.</summary>
    public Task RestartAsync(int index, CancellationToken ct) => StartNodeAsync(index, ct);

    public async Task<string> LoginAsync(Uri node, string email)
    {
        using var response = await Http.PostAsJsonAsync(new Uri(node, "api/auth/login/"), new { email, password = Password });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"login of {email} on {node}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>Signs up a new customer through <paramref name="node"/> and signs them in; returns their email and token.</summary>
    public async Task<(string Email, string Token)> NewCustomerAsync(Uri node)
    {
        var email = $"c{Guid.NewGuid():N}@cluster.test";
        using var response = await Http.PostAsJsonAsync(new Uri(node, "api/auth/register/"),
            new { email, password = Password, role = "customer", display_name = "Cluster customer" });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"sign-up on {node}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (email, await LoginAsync(node, email));
    }

    /// <summary><paramref name="count"/> new customers, signed up through nginx a few at a time.</summary>
    public async Task<IReadOnlyList<string>> NewCustomersAsync(int count)
    {
        using var gate = new SemaphoreSlim(8);
        return await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                return (await NewCustomerAsync(Proxy)).Token;
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    public Task<HttpResponseMessage> BookAsync(Uri node, string token, DateTime start, string? idempotencyKey = null)
    {
        var request = Request(HttpMethod.Post, node, "api/bookings/bookings/", token,
            new { service = ServiceId, provider = ProviderId, start_time = start.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) });
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return Http.SendAsync(request);
    }

    public async Task<IReadOnlyList<DateTime>> SlotsAsync(Uri node, string token)
    {
        var availability = await GetJsonAsync(node, $"api/bookings/availabilities/?provider={ProviderId}&service={ServiceId}&days=31", token);
        return availability.GetProperty("slots").EnumerateArray()
            .Select(s => s.GetProperty("start_time").GetDateTime().ToUniversalTime()).ToList();
    }

    public static HttpRequestMessage Request(HttpMethod method, Uri node, string path, string? token, object? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(node, path));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return request;
    }

    public async Task<JsonElement> GetJsonAsync(Uri node, string path, string? token)
    {
        using var response = await Http.SendAsync(Request(HttpMethod.Get, node, path, token));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} on {node}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The lines nginx has logged so far.</summary>
    public IReadOnlyList<string> AccessLines() => File.Exists(AccessLog) ? File.ReadAllLines(AccessLog) : [];

    private async Task StartNodeAsync(int index, CancellationToken ct)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder.FullName, $"node{index + 1}"));
        var home = Directory.CreateDirectory(Path.Combine(folder.FullName, "home"));
        string[] settings =
        [
            "--Database:Provider=Postgres",
            $"--ConnectionStrings:HomeSer={_connectionString}",
            "--Jobs:Storage=Postgres",
            $"--Redis:Configuration={_redis}",
            $"--Redis:InstanceName={_instance}",
            "--ForwardedHeaders:KnownProxies=127.0.0.1",
            "--Demo:Seed=true",
            $"--Email:PickupDirectory={Path.Combine(folder.FullName, "mail")}",
            // A node's undelivered leftovers (a killed peer's) are picked up quickly.
            "--Outbox:PollSeconds=1",
            $"--RateLimits:BookingsPerMinute={BookingsPerMinute}",
            "--RateLimits:RegistrationsPerHour=100000",
        ];
        if (_ports[index] != 0)
        {
            settings = [.. settings, $"--urls=http://127.0.0.1:{_ports[index]}"];
        }
        // Its own HOME: no key folder or other state on a shared disk, as on separate machines.
        var environment = new Dictionary<string, string> { ["HOME"] = home.FullName };
        var node = await BenchServer.StartAsync(_web, Path.Combine(folder.FullName, "unused.db"), ct, settings, environment, TimeSpan.FromMinutes(3));
        _nodes[index] = node;
        _ports[index] = node.BaseAddress.Port;
    }

    private async Task StartNginxAsync(string nginx, CancellationToken ct)
    {
        // nginx cannot listen on port 0 and say which port it got: take one the OS has just given out.
        var port = FreePort();
        var folder = Path.Combine(_folder.FullName, "nginx");
        var script = Path.Combine(Path.GetDirectoryName(WebBuild.SolutionFile())!, ".ci", "nginx.sh");
        var config = new ProcessStartInfo("bash") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { script, "config", folder, port.ToString(CultureInfo.InvariantCulture) }.Concat(_ports.Select(p => p.ToString(CultureInfo.InvariantCulture))))
        {
            config.ArgumentList.Add(argument);
        }
        using (var writing = Process.Start(config)!)
        {
            var error = await writing.StandardError.ReadToEndAsync(ct);
            await writing.WaitForExitAsync(ct);
            Assert.True(writing.ExitCode == 0, $"{script} config failed: {error}");
        }
        // In the foreground, as this process's child: its own prefix and configuration, nothing from /etc/nginx.
        var info = new ProcessStartInfo(nginx) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-e", Path.Combine(folder, "logs", "error.log"), "-g", "daemon off;" })
        {
            info.ArgumentList.Add(argument);
        }
        _nginx = Process.Start(info)!;
        _nginx.BeginErrorReadLine();
        _nginx.BeginOutputReadLine();
        Proxy = new Uri($"http://127.0.0.1:{port}/");
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_nginx.HasExited, $"nginx exited: {ReadOrEmpty(Path.Combine(folder, "logs", "error.log"))}");
            try
            {
                using var response = await Http.GetAsync(new Uri(Proxy, "healthz"), ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "nginx did not answer /healthz within 30 s");
            await Task.Delay(100, ct);
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    private static string Required(string variable, string what) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"The cluster tests need PostgreSQL, Redis and nginx: {variable} is not set ({what}). Run `bash .ci/test`, which starts a "
                + "private PostgreSQL and Redis (.ci/postgres.sh, .ci/redis.sh) and installs nginx (.ci/nginx.sh), or set it by hand.");
}
