using HomeSer.Web.Data;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Jobs;

/// <summary>
/// Reminds both parties of a confirmed booking 24 hours and 1 hour before it starts. What is due comes from the database
/// (the Reminder*SentAt columns), so a restart with an empty job store loses nothing and a second run sends nothing twice.
/// </summary>
public sealed class ReminderJob(HomeSerDbContext db, IWriterQueue writers, TimeProvider clock, ILogger<ReminderJob> logger)
{
    public const string DayKind = "booking.reminder_24h";
    public const string HourKind = "booking.reminder_1h";

    private sealed record Due(int Id, int CustomerId, int ProviderUserId, string TimeZoneId, string ServiceName, DateTime StartUtc);

    /// <summary>Sends every reminder now due; returns how many bookings were reminded.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // The hour reminder first: a booking confirmed less than an hour ahead gets only that one, which also stands for
        // the day reminder, so nobody receives "in 24 hours" after "in 1 hour".
        var sent = await SendDueAsync(hour: true, now, ct);
        sent += await SendDueAsync(hour: false, now, ct);
        return sent;
    }

    private async Task<int> SendDueAsync(bool hour, DateTime now, CancellationToken ct)
    {
        var horizon = now.Add(hour ? TimeSpan.FromHours(1) : TimeSpan.FromHours(24));
        var due = await db.Bookings.AsNoTracking()
            .Where(BookingFilters.DueForReminders)
            .Where(b => b.StartUtc > now && b.StartUtc <= horizon
                && (hour ? b.Reminder1hSentAt == null : b.Reminder24hSentAt == null))
            .Select(b => new Due(b.Id, b.CustomerId, b.Provider!.UserId, b.Provider.TimeZoneId, b.Service!.Name, b.StartUtc))
            .ToListAsync(ct);

        var sent = 0;
        foreach (var booking in due)
        {
            try
            {
                if (await ClaimAndNotifyAsync(booking, hour, now, ct))
                {
                    sent++;
                    // The stored reminders raised notification.created in the outbox; wait until pushed and queued for mail.
                    await db.EventsDeliveredAsync(ct);
                }
            }
            catch (Exception exception) when (CalendarTransaction.IsLostRace(exception))
            {
                // Another run holds this booking; it sends the reminder, or the next run finds it still due.
                db.ChangeTracker.Clear();
                logger.LogInformation("Reminder for booking {BookingId} skipped: another run is sending it", booking.Id);
            }
        }
        return sent;
    }

    /// <summary>
    /// Marks the reminder sent with a guarded UPDATE (WHERE ...SentAt IS NULL) and stores the notifications in the same
    /// transaction. Of two concurrent runs only one UPDATE matches the row, and only that one writes notifications.
    /// </summary>
    private async Task<bool> ClaimAndNotifyAsync(Due booking, bool hour, DateTime now, CancellationToken ct)
    {
        // One reminder per turn of the writer queue: outside it, SQLite's busy wait sleeps a pool thread in 150 ms steps
        // while bookings write (bench: a first run's thousands of reminders put booking creation's p99 at 13 s).
        using var turn = await writers.EnterAsync(db, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claimed = hour
            ? await db.Bookings
                .Where(b => b.Id == booking.Id && b.Reminder1hSentAt == null && b.StartUtc == booking.StartUtc)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(b => b.Reminder1hSentAt, now)
                    .SetProperty(b => b.Reminder24hSentAt, b => b.Reminder24hSentAt ?? now), ct)
            : await db.Bookings
                .Where(b => b.Id == booking.Id && b.Reminder24hSentAt == null && b.StartUtc == booking.StartUtc)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.Reminder24hSentAt, now), ct);
        if (claimed == 0)
        {
            await transaction.RollbackAsync(ct);
            return false;
        }

        var notifications = new[] { booking.CustomerId, booking.ProviderUserId }
            .Select(userId => Reminder(userId, booking, hour, now))
            .ToList();
        db.Notifications.AddRange(notifications);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    private static Notification Reminder(int userId, Due booking, bool hour, DateTime now)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(booking.TimeZoneId);
        var when = $"{TimeZoneInfo.ConvertTimeFromUtc(booking.StartUtc, zone):ddd d MMM yyyy, HH:mm} ({booking.TimeZoneId})";
        return new Notification
        {
            UserId = userId,
            Kind = hour ? HourKind : DayKind,
            Title = hour ? "Booking starts within the hour" : "Booking reminder: within 24 hours",
            Body = $"{booking.ServiceName} on {when} starts {(hour ? "within the hour" : "within 24 hours")}.",
            BookingId = booking.Id,
            CreatedAt = now,
        };
    }
}
