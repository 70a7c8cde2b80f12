using System.Net;
using HomeSer.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HomeSer.E2E;

/// <summary>HomeSer.Web on a real Kestrel port on 127.0.0.1, with its own fresh SQLite file and the demo data.</summary>
public sealed class AppServer : IAsyncLifetime
{
    private readonly DirectoryInfo _dataDirectory = Directory.CreateTempSubdirectory("homeser-e2e-");
    private KestrelFactory? _factory;

    /// <summary>The address the browser uses, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public string DatabasePath => Path.Combine(_dataDirectory.FullName, "homeser-e2e.db");

    /// <summary>The app's clock: real time, moved ahead by a journey that must reach a job's start, then back.</summary>
    public TravelClock Clock { get; } = new();

    /// <summary>When a booking starts, read from the app's database.</summary>
    public async Task<DateTime> StartOfAsync(int bookingId)
    {
        await using var scope = _factory!.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HomeSerDbContext>();
        return await db.Bookings.Where(b => b.Id == bookingId).Select(b => b.StartUtc).SingleAsync();
    }

    public Task InitializeAsync()
    {
        _factory = new KestrelFactory(DatabasePath, Clock);
        // Port 0: the OS picks a free port, so parallel runs and a busy CI machine never collide.
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();

        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var address = addresses?.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel started but reported no listening address.");
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        // SQLite pools connections; release the file handles before deleting the folder.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            _dataDirectory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing the run for.
        }
    }

    private sealed class KestrelFactory(string databasePath, TravelClock clock) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:HomeSer", $"Data Source={databasePath}");
            // Listens where InitializeAsync says (port 0), not on the app's default address, which may be taken here.
            builder.UseSetting("urls", "http://127.0.0.1:0");
            builder.UseSetting("Demo:Seed", "true");
            // Every journey signs in through the one login page from one address; the 429 path is covered by the integration tests.
            builder.UseSetting("RateLimits:LoginPerMinute", "1000");
            builder.UseSetting("RateLimits:RegistrationsPerHour", "1000");
            builder.UseSetting("Bookings:MaxPendingPerCustomer", "1000");
            // The recurring jobs that act on the clock stay off: a run while a journey is ahead in time would expire or
            // remind the demo bookings the other journeys use. Their behaviour has tests of its own (Jobs/JobTests).
            builder.UseSetting("Jobs:PendingExpiryCron", "0 0 31 2 *");
            builder.UseSetting("Jobs:ReminderCron", "0 0 31 2 *");
            builder.ConfigureServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(clock);
            });
        }
    }
}

/// <summary>Real time plus an offset a test sets; back to real time with <see cref="Return"/>.</summary>
public sealed class TravelClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Moves the clock so that it now reads <paramref name="utc"/> (never backwards).</summary>
    public void TravelTo(DateTime utc)
    {
        var ahead = utc - base.GetUtcNow().UtcDateTime;
        if (ahead > TimeSpan.Zero)
        {
            Interlocked.Exchange(ref _offsetTicks, ahead.Ticks);
        }
    }

    public void Return() => Interlocked.Exchange(ref _offsetTicks, 0);
}
