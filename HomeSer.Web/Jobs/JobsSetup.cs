using Hangfire;
using Hangfire.Dashboard;
using HomeSer.Web.Features.Accounts;

namespace HomeSer.Web.Jobs;

/// <summary>Configuration section <c>Jobs</c>.</summary>
public sealed class JobOptions
{
    /// <summary>Run the Hangfire server in this process. Default: true, except in the Testing environment (tests run jobs directly).</summary>
    public bool? RunServer { get; set; }
    public string ReminderCron { get; set; } = "*/5 * * * *";
    public string PendingExpiryCron { get; set; } = "*/5 * * * *";
    public string CacheWarmingCron { get; set; } = "*/15 * * * *";

    /// <summary>How many of the busiest providers the cache-warming job warms.</summary>
    public int CacheWarmingProviders { get; set; } = 200;

    /// <summary>How many days ahead (from today in the provider's zone) the cache-warming job warms, at most 31.</summary>
    public int CacheWarmingDays { get; set; } = 14;
}

/// <summary>
/// Hangfire on in-memory storage. Losing the store on restart is safe: every job derives what is due from the database.
/// </summary>
public static class JobsSetup
{
    public const string DashboardPath = "/admin/jobs";
    public const string ReminderJobId = "booking-reminders";
    public const string PendingExpiryJobId = "pending-booking-expiry";
    public const string CacheWarmingJobId = "availability-cache-warming";

    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Jobs");
        builder.Services.Configure<JobOptions>(section);
        builder.Services.AddScoped<ReminderJob>();
        builder.Services.AddScoped<PendingExpiryJob>();
        builder.Services.AddScoped<CacheWarmingJob>();
        builder.Services.AddHangfire(configuration => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseInMemoryStorage());
        if (section.Get<JobOptions>()?.RunServer ?? !builder.Environment.IsEnvironment("Testing"))
        {
            builder.Services.AddHangfireServer();
        }
        return builder;
    }

    /// <summary>Registers the recurring jobs (crons from Jobs:*Cron, UTC) and the admin-only dashboard.</summary>
    public static WebApplication MapJobs(this WebApplication app)
    {
        var options = app.Configuration.GetSection("Jobs").Get<JobOptions>() ?? new JobOptions();
        var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        recurring.AddOrUpdate<ReminderJob>(ReminderJobId, job => job.RunAsync(CancellationToken.None), options.ReminderCron, utc);
        recurring.AddOrUpdate<PendingExpiryJob>(PendingExpiryJobId, job => job.RunAsync(CancellationToken.None), options.PendingExpiryCron, utc);
        recurring.AddOrUpdate<CacheWarmingJob>(CacheWarmingJobId, job => job.RunAsync(CancellationToken.None), options.CacheWarmingCron, utc);

        // The endpoint policy sends browsers to the login page; the dashboard filter is the dashboard's own gate
        // (without one Hangfire only admits local requests).
        var dashboard = new DashboardOptions
        {
            DashboardTitle = "HomeSer jobs",
            Authorization = [new AdminDashboardAuthorization()],
            AppPath = "/",
        };
        app.MapHangfireDashboard(DashboardPath, dashboard).RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        return app;
    }
}

/// <summary>Admits the signed-in user (cookie or bearer) only when they hold the Admin role.</summary>
public sealed class AdminDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) =>
        context.GetHttpContext().User is { Identity.IsAuthenticated: true } user && user.IsInRole(Roles.Admin);
}
