using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HomeSer.E2E;

/// <summary>HomeSer.Web on a real Kestrel port on 127.0.0.1, with its own fresh SQLite file and the demo data.</summary>
public sealed class AppServer : IAsyncLifetime
{
    private readonly DirectoryInfo _dataDirectory = Directory.CreateTempSubdirectory("homeser-e2e-");
    private KestrelFactory? _factory;

    /// <summary>The address the browser uses, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public string DatabasePath => Path.Combine(_dataDirectory.FullName, "homeser-e2e.db");

    public Task InitializeAsync()
    {
        _factory = new KestrelFactory(DatabasePath);
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

    private sealed class KestrelFactory(string databasePath) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:HomeSer", $"Data Source={databasePath}");
            builder.UseSetting("Demo:Seed", "true");
            // Every journey signs in through the one login page from one address; the 429 path is covered by the integration tests.
            builder.UseSetting("RateLimits:LoginPerMinute", "1000");
            builder.UseSetting("RateLimits:RegistrationsPerHour", "1000");
            builder.UseSetting("Bookings:MaxPendingPerCustomer", "1000");
        }
    }
}
