using HomeSer.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
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
    private readonly string _folder;
    private readonly bool _keepFolder;

    public HomeSerFactory()
        : this(null, keepFolder: false)
    {
    }

    /// <summary>A host on the files of <paramref name="folder"/> (a restart of an earlier host); kept on dispose when asked.</summary>
    protected HomeSerFactory(string? folder, bool keepFolder)
    {
        _folder = folder ?? Path.Combine(Path.GetTempPath(), "homeser-tests", Guid.NewGuid().ToString("N"));
        _keepFolder = keepFolder;
    }

    public string Folder => _folder;

    /// <summary>Starts on a Monday morning in the future, so demo-style schedules have free time ahead.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2030, 1, 7, 8, 0, 0, TimeSpan.Zero));

    public string DatabasePath => Path.Combine(_folder, "homeser.db");

    /// <summary>Where this host's mails are written as .eml files.</summary>
    public string MailFolder => Path.Combine(_folder, "mail");

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
        // A job store and a mail folder of this host's own: parallel hosts share neither, and no test writes into the
        // developer's App_Data.
        builder.UseSetting("Jobs:Storage", "InMemory");
        builder.UseSetting("Email:PickupDirectory", MailFolder);
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

    /// <summary>Every .eml file written so far, as text.</summary>
    public IReadOnlyList<string> Mails() =>
        Directory.Exists(MailFolder) ? Directory.GetFiles(MailFolder, "*.eml").Select(File.ReadAllText).ToList() : [];

    /// <summary>
    /// The mails once every stored notification has been mailed: the mail job runs on this host's Hangfire server, so
    /// this waits for the database to say nothing is left to mail (bounded, so a broken mail job fails the test).
    /// </summary>
    public async Task<IReadOnlyList<string>> MailsWhenSentAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await WithDbAsync(db => db.Notifications.AnyAsync(n => n.EmailedAt == null)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Stored notifications were still not mailed after 30 s.");
            }
            await Task.Delay(20);
        }
        return Mails();
    }

    /// <summary>
    /// The mails to <paramref name="email"/> once at least one has arrived: account mails are sent by a job on this
    /// host's Hangfire server, after the request answered (bounded, so a mail that never comes fails the test).
    /// </summary>
    public async Task<IReadOnlyList<string>> MailsToAsync(string email, string? subject = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var mails = Mails().Where(m => m.Contains($"To: {email}", StringComparison.OrdinalIgnoreCase)
                && (subject is null || m.Contains($"Subject: {subject}", StringComparison.Ordinal))).ToList();
            if (mails.Count > 0)
            {
                return mails;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No mail to {email} after 30 s.");
            }
            await Task.Delay(20);
        }
    }

    /// <summary>Whether any job in this host's Hangfire store (queued, running, retrying or done) carries a mail to <paramref name="email"/>.</summary>
    public bool AnyMailJobTo(string email)
    {
        var monitor = Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi();
        bool To(Hangfire.Common.Job? job) => job?.Args.Any(a => a is string text && text.Equals(email, StringComparison.OrdinalIgnoreCase)) == true;
        return monitor.EnqueuedJobs(HomeSer.Web.Jobs.JobsQueues.Mail, 0, 10_000).Any(j => To(j.Value.Job))
            || monitor.ProcessingJobs(0, 10_000).Any(j => To(j.Value.Job))
            || monitor.ScheduledJobs(0, 10_000).Any(j => To(j.Value.Job))
            || monitor.SucceededJobs(0, 10_000).Any(j => To(j.Value.Job))
            || monitor.FailedJobs(0, 10_000).Any(j => To(j.Value.Job));
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
        if (disposing && !_keepFolder)
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
