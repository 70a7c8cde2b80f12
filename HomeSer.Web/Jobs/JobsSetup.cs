using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Hangfire.Storage;
using Hangfire.Storage.SQLite;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Notifications.Email;

namespace HomeSer.Web.Jobs;

/// <summary>Configuration section <c>Jobs</c>.</summary>
public sealed class JobOptions
{
    /// <summary><c>Sqlite</c> (default, <see cref="SqlitePath"/>), <c>InMemory</c> (tests) or <c>Postgres</c> (the main database, schema <c>hangfire</c>).</summary>
    public string Storage { get; set; } = "Sqlite";

    /// <summary>Hangfire's SQLite file; relative to the content root. Default App_Data/hangfire.db, beside the main database.</summary>
    public string SqlitePath { get; set; } = Path.Combine("App_Data", "hangfire.db");

    /// <summary>How often the SQLite or PostgreSQL store is polled for queued jobs.</summary>
    public double QueuePollSeconds { get; set; } = 1;

    /// <summary>Run the Hangfire server in this process. Default: true.</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>
    /// The queues this process's server takes jobs from. Default <c>mail,default</c>; in the Testing environment only
    /// <c>mail</c>, so a test host sends mail but never runs a recurring job behind a test's back (tests run those directly).
    /// </summary>
    public string? Queues { get; set; }

    public int WorkerCount { get; set; } = 2;
    public string ReminderCron { get; set; } = "*/5 * * * *";
    public string PendingExpiryCron { get; set; } = "*/5 * * * *";
    public string CacheWarmingCron { get; set; } = "*/15 * * * *";

    /// <summary>The safety net of notification mail (each stored notification also queues a run at once).</summary>
    public string NotificationMailCron { get; set; } = "*/5 * * * *";

    /// <summary>When dispatched outbox rows older than a week are deleted.</summary>
    public string OutboxCleanupCron { get; set; } = "17 3 * * *";

    /// <summary>How often lapsed waitlist offers pass on and past entries expire (each offer also schedules a run at its expiry).</summary>
    public string WaitlistCron { get; set; } = "* * * * *";

    /// <summary>How many of the busiest providers the cache-warming job warms.</summary>
    public int CacheWarmingProviders { get; set; } = 200;

    /// <summary>How many days ahead (from today in the provider's zone) the cache-warming job warms, at most 31.</summary>
    public int CacheWarmingDays { get; set; } = 14;

    /// <summary>
    /// The share of one core the cache-warming job may use while it runs (0.05 to 1): after each provider it rests for
    /// as long as the share asks, so serving requests always comes first.
    /// </summary>
    public double CacheWarmingDuty { get; set; } = 0.5;

    /// <summary>A run stops after this many seconds of work; the next run goes on from the busiest providers again.</summary>
    public double CacheWarmingBudgetSeconds { get; set; } = 60;
}

/// <summary>Hangfire queue names.</summary>
public static class JobsQueues
{
    public const string Mail = "mail";
    public const string Default = "default";
}

/// <summary>
/// Hangfire with a store of this host's own (never the static JobStorage.Current, which parallel test hosts would
/// share): on the embedded default a SQLite file beside the main database, so queued, scheduled and retrying jobs
/// survive a restart. Every recurring job also derives its work from the database.
/// </summary>
public static class JobsSetup
{
    public const string DashboardPath = "/admin/jobs";
    public const string ReminderJobId = "booking-reminders";
    public const string PendingExpiryJobId = "pending-booking-expiry";
    public const string CacheWarmingJobId = "availability-cache-warming";
    public const string NotificationMailJobId = "notification-mail";
    public const string OutboxCleanupJobId = "outbox-cleanup";
    public const string WaitlistJobId = "waitlist-sweep";

    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Jobs");
        var options = section.Get<JobOptions>() ?? new JobOptions();
        var services = builder.Services;
        services.Configure<JobOptions>(section);
        services.AddScoped<ReminderJob>();
        services.AddScoped<PendingExpiryJob>();
        services.AddScoped<CacheWarmingJob>();
        services.AddScoped<NotificationMailJob>();
        services.AddScoped<OutboxCleanupJob>();
        services.AddScoped<WaitlistJob>();

        // Registered before AddHangfire, which only adds its own (JobStorage.Current, JobActivator.Current) if none is.
        var contentRoot = builder.Environment.ContentRootPath;
        var configuration = builder.Configuration;
        services.AddSingleton<JobStorage>(_ => CreateStorage(options, contentRoot, configuration));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((provider, configuration) => configuration
            .UseLogProvider(new HostLogProvider(provider.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        if (options.RunServer)
        {
            var queues = (options.Queues ?? (builder.Environment.IsEnvironment("Testing") ? JobsQueues.Mail : $"{JobsQueues.Mail},{JobsQueues.Default}"))
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            services.AddHangfireServer(server =>
            {
                server.Queues = queues;
                server.WorkerCount = Math.Max(1, options.WorkerCount);
            });
        }
        return builder;
    }

    private static JobStorage CreateStorage(JobOptions options, string contentRoot, IConfiguration configuration)
    {
        switch (options.Storage.Trim().ToLowerInvariant())
        {
            case "inmemory":
                return new InMemoryStorage();
            case "sqlite":
                var path = Path.IsPathRooted(options.SqlitePath) ? options.SqlitePath : Path.Combine(contentRoot, options.SqlitePath);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                return new SQLiteStorage(path, new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(Math.Max(0.1, options.QueuePollSeconds)) });
            case "postgres":
                return PostgresJobStorage.Create(configuration, TimeSpan.FromSeconds(Math.Max(0.1, options.QueuePollSeconds)));
            default:
                throw new InvalidOperationException($"Unknown Jobs:Storage '{options.Storage}'; use Sqlite, InMemory or Postgres.");
        }
    }

    /// <summary>Registers the recurring jobs once per start (AddOrUpdate by id; crons from Jobs:*Cron, UTC) and the admin-only dashboard.</summary>
    public static WebApplication MapJobs(this WebApplication app)
    {
        var options = app.Configuration.GetSection("Jobs").Get<JobOptions>() ?? new JobOptions();
        var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        recurring.AddOrUpdate<ReminderJob>(ReminderJobId, job => job.RunAsync(CancellationToken.None), options.ReminderCron, utc);
        recurring.AddOrUpdate<PendingExpiryJob>(PendingExpiryJobId, job => job.RunAsync(CancellationToken.None), options.PendingExpiryCron, utc);
        recurring.AddOrUpdate<CacheWarmingJob>(CacheWarmingJobId, job => job.RunAsync(CancellationToken.None), options.CacheWarmingCron, utc);
        recurring.AddOrUpdate<NotificationMailJob>(NotificationMailJobId, job => job.SendPendingAsync(CancellationToken.None), options.NotificationMailCron, utc);
        recurring.AddOrUpdate<OutboxCleanupJob>(OutboxCleanupJobId, job => job.RunAsync(CancellationToken.None), options.OutboxCleanupCron, utc);
        recurring.AddOrUpdate<WaitlistJob>(WaitlistJobId, job => job.RunAsync(CancellationToken.None), options.WaitlistCron, utc);
        if (!options.Storage.Trim().Equals("InMemory", StringComparison.OrdinalIgnoreCase))
        {
            // A process killed while its mail job ran leaves that job "processing" in a lasting store until the job's
            // invisibility timeout: what it had not sent yet goes out at the next start, not at the next safety-net run.
            app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<NotificationMailJob>(job => job.SendPendingAsync(CancellationToken.None));
        }

        // What runs in the background now and when each recurring job last ran: the benchmark keeps its measuring
        // windows clear of them and says when one ran anyway. Job names and times only.
        app.MapGet("/healthz/jobs", (JobStorage storage) =>
        {
            var running = storage.GetMonitoringApi().ProcessingJobs(0, 100)
                .Select(j => j.Value.Job?.Type.Name ?? "unknown").Order(StringComparer.Ordinal).ToList();
            using var connection = storage.GetConnection();
            var recurring = connection.GetRecurringJobs()
                .Select(r => new { id = r.Id, last_execution = r.LastExecution }).OrderBy(r => r.id, StringComparer.Ordinal).ToList();
            return Results.Json(new { running, recurring });
        }).ExcludeFromDescription();

        // The endpoint policy sends browsers to the login page; the dashboard filter is the dashboard's own gate
        // (without one Hangfire only admits local requests).
        var dashboard = new DashboardOptions
        {
            DashboardTitle = "HomeSer jobs",
            Authorization = [new AdminDashboardAuthorization()],
            AppPath = "/",
        };
        app.MapHangfireDashboard(DashboardPath, dashboard, app.Services.GetRequiredService<JobStorage>())
            .RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        return app;
    }
}

/// <summary>Admits the signed-in user (cookie or bearer) only when they hold the Admin role.</summary>
public sealed class AdminDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) =>
        context.GetHttpContext().User is { Identity.IsAuthenticated: true } user && user.IsInRole(Roles.Admin);
}

/// <summary>
/// Hangfire's log provider is process-wide (static), so with several hosts in one process (the test suite) the last
/// host's logger factory serves all of them, and once that host is disposed a job of another host failed while it asked
/// for a logger (an ObjectDisposedException, retried 26 s later). A disposed factory now gives a silent logger instead.
/// </summary>
internal sealed class HostLogProvider(ILoggerFactory factory) : Hangfire.Logging.ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(factory);

    public Hangfire.Logging.ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : Hangfire.Logging.ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
