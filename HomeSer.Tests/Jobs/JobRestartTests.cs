using Hangfire;
using Hangfire.Storage.SQLite;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Notifications;
using HomeSer.Web.Features.Notifications.Email;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HomeSer.Tests.Jobs;

/// <summary>The app on the durable job store (Hangfire.Storage.SQLite in a file beside the database), started twice on the same files.</summary>
public sealed class SqliteJobsFactory(string? folder, bool keepFolder, bool runServer) : HomeSerFactory(folder, keepFolder)
{
    public string JobsPath => Path.Combine(Folder, "hangfire.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Jobs:Storage", "Sqlite");
        builder.UseSetting("Jobs:SqlitePath", JobsPath);
        builder.UseSetting("Jobs:QueuePollSeconds", "0.2");
        builder.UseSetting("Jobs:RunServer", runServer ? "true" : "false");
    }
}

public sealed class JobRestartTests
{
    [Fact]
    public async Task A_job_scheduled_before_a_restart_runs_after_it_and_lives_beside_the_main_database()
    {
        string jobId;
        int notificationId;
        string folder;
        await using (var before = new SqliteJobsFactory(null, keepFolder: true, runServer: false))
        {
            folder = before.Folder;
            var user = await before.CreateUserAsync(Roles.Customer);
            // Stored without its event (as if the process died before queueing the mail), then a mail run scheduled.
            notificationId = await before.WithDbAsync(async db =>
            {
                await db.Database.ExecuteSqlInterpolatedAsync(
                    $"INSERT INTO \"Notifications\" (\"UserId\", \"Kind\", \"Title\", \"Body\", \"CreatedAt\") VALUES ({user.Id}, 'test', 'Before the restart', 'Sent after it.', {DateTime.UtcNow})");
                return await db.Notifications.Where(n => n.Title == "Before the restart").Select(n => n.Id).SingleAsync();
            });
            jobId = before.Services.GetRequiredService<IBackgroundJobClient>()
                .Schedule<NotificationMailJob>(job => job.SendPendingAsync(CancellationToken.None), TimeSpan.FromSeconds(1));
            Assert.IsType<SQLiteStorage>(before.Services.GetRequiredService<JobStorage>());
            Assert.True(File.Exists(before.JobsPath));
        }

        await using var after = new SqliteJobsFactory(folder, keepFolder: false, runServer: true);
        _ = after.Services; // starts the host and its Hangfire server on the same files

        var mails = await after.MailsWhenSentAsync();
        Assert.Contains(mails, m => m.Contains("Subject: Before the restart"));
        Assert.True(File.Exists(Path.Combine(after.MailFolder, $"notification-{notificationId}.eml")));
        // The job scheduled by the first host is taken up by the second one's server. (The mail may come from the run
        // every start queues for what a killed process left unsent; the scheduled job must run all the same.)
        var monitoring = after.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        List<string> history;
        while (!(history = monitoring.JobDetails(jobId).History.Select(h => h.StateName).ToList()).Contains("Succeeded") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.Contains("Succeeded", history);
    }
}
