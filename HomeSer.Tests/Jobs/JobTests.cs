using System.Net;
using Hangfire;
using Hangfire.Storage;
using HomeSer.Tests.Live;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static HomeSer.Tests.Bookings.BookingKit;

namespace HomeSer.Tests.Jobs;

public sealed class JobTests(LiveFactory factory) : IClassFixture<LiveFactory>
{
    private async Task<(TestData.ProviderSetup Provider, AppUser Customer, BookingView Booking)> ConfirmedBookingAsync()
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.CreateUserAsync(Roles.Customer);
        var booking = await factory.BookedAsync(AsCustomer(customer), Command(provider, factory.BerlinStart(2, 10)));
        (await factory.CallAsync(s => s.ConfirmAsync(AsProvider(provider), booking.Id, default))).Ok();
        return (provider, customer, booking);
    }

    private void MoveClockTo(DateTime utc) => factory.Clock.Advance(utc - factory.Clock.GetUtcNow().UtcDateTime);

    private async Task<int> RunAsync<TJob>(Func<TJob, Task<int>> run) where TJob : notnull
    {
        // A new scope per run, as Hangfire gives each execution (and as after a restart with an empty job store).
        await using var scope = factory.Scope();
        return await run(scope.ServiceProvider.GetRequiredService<TJob>());
    }

    private Task<int> RemindAsync() => RunAsync<ReminderJob>(job => job.RunAsync(default));

    private Task<List<(int UserId, string Kind)>> RemindersOfAsync(int bookingId) =>
        factory.DbAsync(db => db.Notifications.AsNoTracking()
            .Where(n => n.BookingId == bookingId && (n.Kind == ReminderJob.DayKind || n.Kind == ReminderJob.HourKind))
            .Select(n => new ValueTuple<int, string>(n.UserId, n.Kind)).ToListAsync());

    private async Task<List<string>> MailsToAsync(string email, string subject) =>
        (await factory.MailsWhenSentAsync()).Where(m => m.Contains($"To: {email}", StringComparison.OrdinalIgnoreCase) && m.Contains($"Subject: {subject}")).ToList();

    [Fact]
    public async Task The_jobs_health_endpoint_names_every_recurring_job_and_what_runs_now()
    {
        using var response = await factory.CreateClient().GetAsync("/healthz/jobs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var ids = body.GetProperty("recurring").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal([JobsSetup.CacheWarmingJobId, JobsSetup.ReminderJobId, JobsSetup.NotificationMailJobId, JobsSetup.OutboxCleanupJobId, JobsSetup.PendingExpiryJobId,
            JobsSetup.WaitlistJobId],
            ids);
        Assert.Equal(System.Text.Json.JsonValueKind.Array, body.GetProperty("running").ValueKind);
    }

    [Fact]
    public async Task Day_reminder_goes_to_both_parties_once_however_often_the_job_runs()
    {
        var (provider, customer, booking) = await ConfirmedBookingAsync();
        MoveClockTo(booking.StartTime.AddHours(-23));

        await RemindAsync();
        await RemindAsync();
        await RemindAsync();

        var reminders = await RemindersOfAsync(booking.Id);
        Assert.Equal(
            new[] { (customer.Id, ReminderJob.DayKind), (provider.User.Id, ReminderJob.DayKind) }.OrderBy(r => r.Item1),
            reminders.OrderBy(r => r.UserId));
        Assert.Single(await MailsToAsync(customer.Email!, "Booking reminder: within 24 hours"));
        Assert.Single(await MailsToAsync(provider.User.Email!, "Booking reminder: within 24 hours"));
        var stored = await factory.DbAsync(db => db.Bookings.AsNoTracking().SingleAsync(b => b.Id == booking.Id));
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, stored.Reminder24hSentAt);
        Assert.Null(stored.Reminder1hSentAt);
    }

    [Fact]
    public async Task Two_concurrent_runs_send_a_reminder_once()
    {
        var (_, _, booking) = await ConfirmedBookingAsync();
        MoveClockTo(booking.StartTime.AddHours(-20));

        await Task.WhenAll(RemindAsync(), RemindAsync(), RemindAsync());

        Assert.Equal(2, (await RemindersOfAsync(booking.Id)).Count);
    }

    [Fact]
    public async Task Hour_reminder_follows_the_day_reminder_and_stands_in_for_it_when_both_are_due()
    {
        var (_, _, reminded) = await ConfirmedBookingAsync();
        var lateProvider = await factory.CreateProviderAsync();
        var late = await factory.BookedAsync(await factory.NewCustomerAsync(), Command(lateProvider, reminded.StartTime));
        MoveClockTo(reminded.StartTime.AddHours(-5));
        await RemindAsync();
        // "late" is confirmed only 30 minutes before it starts: its day reminder was never sent.
        MoveClockTo(reminded.StartTime.AddMinutes(-30));
        (await factory.CallAsync(s => s.ConfirmAsync(AsProvider(lateProvider), late.Id, default))).Ok();

        await RemindAsync();
        await RemindAsync();

        Assert.Equal([ReminderJob.HourKind, ReminderJob.HourKind, ReminderJob.DayKind, ReminderJob.DayKind],
            (await RemindersOfAsync(reminded.Id)).Select(r => r.Kind).Order());
        Assert.Equal([ReminderJob.HourKind, ReminderJob.HourKind], (await RemindersOfAsync(late.Id)).Select(r => r.Kind));
        var stored = await factory.DbAsync(db => db.Bookings.AsNoTracking().SingleAsync(b => b.Id == late.Id));
        Assert.NotNull(stored.Reminder24hSentAt);
    }

    [Fact]
    public async Task A_booking_moved_after_its_reminder_is_reminded_again_for_the_new_time()
    {
        var (provider, customer, booking) = await ConfirmedBookingAsync();
        MoveClockTo(booking.StartTime.AddHours(-20));
        await RemindAsync();
        var moved = (await factory.CallAsync(s => s.UpdateAsync(AsCustomer(customer), booking.Id,
            new BookingPatch(null, null, booking.StartTime.AddDays(2), null, booking.Version + 1), default))).Ok();
        (await factory.CallAsync(s => s.ConfirmAsync(AsProvider(provider), moved.Id, default))).Ok();

        MoveClockTo(moved.StartTime.AddHours(-20));
        await RemindAsync();

        Assert.Equal(4, (await RemindersOfAsync(booking.Id)).Count(r => r.Kind == ReminderJob.DayKind));
    }

    [Fact]
    public async Task A_pending_booking_gets_no_reminder()
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.NewCustomerAsync();
        var pending = await factory.BookedAsync(customer, Command(provider, factory.BerlinStart(2, 12)));
        MoveClockTo(pending.StartTime.AddHours(-10));

        await RemindAsync();

        Assert.Empty(await RemindersOfAsync(pending.Id));
    }

    [Fact]
    public async Task Expiry_job_cancels_a_stale_pending_booking_and_frees_its_slot()
    {
        var provider = await factory.CreateProviderAsync();
        var start = factory.BerlinStart(4, 11);
        var stale = await factory.BookedAsync(await factory.NewCustomerAsync(), Command(provider, start));
        factory.Clock.Advance(TimeSpan.FromHours(25));

        var expired = await RunAsync<PendingExpiryJob>(job => job.RunAsync(default));

        Assert.True(expired >= 1);
        var stored = await factory.DbAsync(db => db.Bookings.AsNoTracking().SingleAsync(b => b.Id == stale.Id));
        Assert.Equal(BookingStatus.Cancelled, stored.Status);
        var rebooked = await factory.BookAsync(await factory.NewCustomerAsync(), Command(provider, start));
        Assert.True(rebooked.IsSuccess, $"the expired booking's slot is still taken: {rebooked.Error}");
    }

    [Fact]
    public void Both_recurring_jobs_are_registered_at_start_up()
    {
        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();

        var ids = connection.GetRecurringJobs().Select(j => j.Id).ToList();

        Assert.Contains(JobsSetup.ReminderJobId, ids);
        Assert.Contains(JobsSetup.PendingExpiryJobId, ids);
    }

    [Fact]
    public async Task Dashboard_is_for_admins_only()
    {
        var customer = await factory.CreateUserAsync(Roles.Customer);
        var admin = await factory.CreateUserAsync(Roles.Admin);
        using var asCustomer = await factory.ClientForAsync(customer.Email!);
        using var asAdmin = await factory.ClientForAsync(admin.Email!);
        using var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });

        var anonymousAnswer = await anonymous.GetAsync(JobsSetup.DashboardPath);
        var customerAnswer = await asCustomer.GetAsync(JobsSetup.DashboardPath);
        var adminAnswer = await asAdmin.GetAsync(JobsSetup.DashboardPath);

        Assert.Equal(HttpStatusCode.Redirect, anonymousAnswer.StatusCode);
        Assert.Contains("/Account/Login", anonymousAnswer.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, customerAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, adminAnswer.StatusCode);
        Assert.Contains("HomeSer jobs", await adminAnswer.Content.ReadAsStringAsync());
    }
}
