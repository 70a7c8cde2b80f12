using Hangfire;
using HomeSer.Web.Data;
using HomeSer.Web.Features.Calendar;
using HomeSer.Web.Jobs;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Notifications.Email;

/// <summary>
/// Asks for the mail job when a notification is stored (consumer of <see cref="NotificationCreated"/>). One job sends
/// every notification not mailed yet, so a burst of notifications needs one queued job, not one each: a job is queued
/// only when none is waiting to start.
/// </summary>
public sealed class NotificationMailQueue(IBackgroundJobClient jobs) : IDomainEventHandler<NotificationCreated>
{
    private int _waiting;

    public Task HandleAsync(NotificationCreated domainEvent, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _waiting, 1, 0) == 0)
        {
            try
            {
                jobs.Enqueue<NotificationMailJob>(job => job.SendPendingAsync(CancellationToken.None));
            }
            catch
            {
                Volatile.Write(ref _waiting, 0);
                throw;
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>The queued job started: anything stored from now on needs another one.</summary>
    internal void Started() => Volatile.Write(ref _waiting, 0);
}

/// <summary>
/// Mails every stored notification whose EmailedAt is still empty, then sets it; Hangfire retries a failed run. What is
/// due comes from the database, so nothing is lost with the job store, and a run repeated after a crash re-sends only
/// what it had not marked (the pickup folder even skips those: each file is named by its notification).
/// </summary>
[Queue(JobsQueues.Mail)]
public sealed class NotificationMailJob(HomeSerDbContext db, IEmailOutbox outbox, NotificationMailQueue queue, IWriterQueue writers, TimeProvider clock,
    CalendarService calendars, ILogger<NotificationMailJob> logger)
{
    public const int BatchSize = 200;

    [AutomaticRetry(Attempts = 10)]
    [DisableConcurrentExecution(timeoutInSeconds: 120)]
    public async Task<int> SendPendingAsync(CancellationToken ct)
    {
        queue.Started();
        var sent = 0;
        var failures = new List<Exception>();
        while (true)
        {
            var due = await db.Notifications.AsNoTracking()
                .Where(n => n.EmailedAt == null)
                .OrderBy(n => n.Id).Take(BatchSize)
                .Join(db.Users, n => n.UserId, u => u.Id, (n, u) => new { n.Id, n.UserId, n.Kind, n.BookingId, u.Email, n.Title, n.Body })
                .ToListAsync(ct);
            var invitations = await calendars.MailFilesAsync(
                due.Where(n => n.BookingId is not null && CarriesCalendar(n.Kind)).Select(n => (n.Id, n.UserId, n.BookingId!.Value)).ToList(), ct);
            var done = new List<int>();
            foreach (var mail in due)
            {
                try
                {
                    if (mail.Email is { Length: > 0 } email)
                    {
                        IReadOnlyList<MailAttachment> files = invitations.TryGetValue(mail.Id, out var file)
                            ? [new MailAttachment(file.FileName, file.MailContentType, file.Content)]
                            : [];
                        await outbox.SendOnceAsync($"notification-{mail.Id}", email, mail.Title, $"{mail.Body}\r\n\r\n-- \r\nHomeSer", files, ct);
                        sent++;
                    }
                    done.Add(mail.Id);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    failures.Add(exception);
                }
            }
            if (done.Count > 0)
            {
                var now = clock.GetUtcNow().UtcDateTime;
                using var turn = await writers.EnterAsync(db, ct);
                await db.Notifications.Where(n => done.Contains(n.Id)).ExecuteUpdateAsync(set => set.SetProperty(n => n.EmailedAt, now), ct);
            }
            if (due.Count < BatchSize || done.Count == 0)
            {
                break;
            }
        }
        if (failures.Count > 0)
        {
            logger.LogWarning("{Count} notification mails failed; Hangfire retries the job", failures.Count);
            throw new AggregateException("Some notification mails could not be sent.", failures);
        }
        return sent;
    }

    /// <summary>
    /// Mails that put the booking into the recipient's calendar or take it out: a confirmation, a move, a cancellation or
    /// expiry, and the reminders. A new request is not in anyone's calendar until the provider says yes.
    /// </summary>
    public static bool CarriesCalendar(string kind) => kind is BookingNotifications.Kinds.Confirmed or BookingNotifications.Kinds.Rescheduled
        or BookingNotifications.Kinds.Cancelled or BookingNotifications.Kinds.Expired or ReminderJob.DayKind or ReminderJob.HourKind;
}
