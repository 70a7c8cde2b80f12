using HomeSer.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace HomeSer.Tests.Support;

/// <summary>
/// The real app over a real SQLite file of its own, with a clock the test controls.
/// One per test class (IClassFixture); tests in a class share the database, so each makes its own data.
/// </summary>
public class HomeSerFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "homeser-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Starts on a Monday morning in the future, so demo-style schedules have free time ahead.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2030, 1, 7, 8, 0, 0, TimeSpan.Zero));

    public string DatabasePath => Path.Combine(_folder, "homeser.db");

    /// <summary>Seed the demo data set on start (off by default: most tests build exactly the data they need).</summary>
    protected virtual bool SeedDemo => false;

    /// <summary>Extra configuration a test class needs (rate limits, payment windows...).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(_folder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:HomeSer", $"Data Source={DatabasePath}");
        builder.UseSetting("Demo:Seed", SeedDemo ? "true" : "false");
        // Tests sign in and sign up many times from one address, and some classes share one customer for many bookings;
        // the 429 paths and the pending cap have tests of their own (Accounts/LoginRateLimitTests, Security/FloodTests).
        builder.UseSetting("RateLimits:LoginPerMinute", "100000");
        builder.UseSetting("RateLimits:RegistrationsPerHour", "100000");
        builder.UseSetting("Bookings:MaxPendingPerCustomer", "100000");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    /// <summary>A scope for arranging data or asserting on the database directly.</summary>
    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public async Task<T> WithDbAsync<T>(Func<HomeSerDbContext, Task<T>> work)
    {
        await using var scope = Scope();
        return await work(scope.ServiceProvider.GetRequiredService<HomeSerDbContext>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on some platforms; the temp folder is cleaned by the OS.
            }
        }
    }
}

/// <summary>The same app with the demo data seeded.</summary>
public sealed class DemoSeededFactory : HomeSerFactory
{
    protected override bool SeedDemo => true;
}
