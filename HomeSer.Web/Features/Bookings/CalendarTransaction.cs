using HomeSer.Web.Data;
using HomeSer.Web.Infrastructure;

namespace HomeSer.Web.Features.Bookings;

/// <summary>
/// Runs one booking write as a transaction and retries it from the start when a concurrent writer got there first.
/// Why this is enough to prevent double booking: every write that takes provider time also bumps the provider's
/// ScheduleVersion (an EF concurrency token, so the UPDATE has WHERE ScheduleVersion = @old). Two writers that both
/// passed the overlap query cannot both update that row: on PostgreSQL (read committed) the second UPDATE waits for the
/// first commit and then matches 0 rows (DbUpdateConcurrencyException); on SQLite the transaction takes the write lock
/// at BEGIN (IMMEDIATE), so writers are serialized outright and a lock timeout surfaces as SQLITE_BUSY/LOCKED.
/// Either way the loser rolls back, forgets what it loaded and re-validates against the winner's booking.
/// </summary>
public sealed class CalendarTransaction(HomeSerDbContext db, IWriterQueue writers, ILogger<CalendarTransaction> logger)
{
    public const int MaxAttempts = 5;

    /// <summary>
    /// Runs the attempt until it commits, refuses, or loses the race too often; a committed write returns once its
    /// events were delivered (see <see cref="HomeSerDbContext.EventsDeliveredAsync"/>), outside the writer queue.
    /// </summary>
    /// With <paramref name="waitForDelivery"/> false it returns at commit: an event consumer writing here must not wait
    /// for events queued behind the one it is handling.
    public async Task<Result<T>> RunAsync<T>(Func<CancellationToken, Task<Result<T>>> attempt, CancellationToken ct, bool waitForDelivery = true)
    {
        for (var attemptNumber = 1; ; attemptNumber++)
        {
            try
            {
                var result = await AttemptAsync(attempt, ct);
                if (waitForDelivery)
                {
                    await db.EventsDeliveredAsync(ct);
                }
                return result;
            }
            catch (Exception exception) when (IsLostRace(exception))
            {
                db.DiscardEvents();
                db.ChangeTracker.Clear();
                Operations.HomeSerMetrics.LostRace();
                if (attemptNumber >= MaxAttempts)
                {
                    logger.LogWarning("Booking write lost the race {Attempts} times; answering conflict ({Error})", attemptNumber, exception.Message);
                    return DomainError.Conflict("The provider's calendar changed while booking; please pick the slot again.");
                }
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25 * attemptNumber)), ct);
            }
        }
    }

    private async Task<Result<T>> AttemptAsync<T>(Func<CancellationToken, Task<Result<T>>> attempt, CancellationToken ct)
    {
        using var turn = await writers.EnterAsync(db, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // A failed save fails the whole attempt, so the savepoint EF sets before each save inside a transaction buys nothing.
        db.Database.AutoSavepointsEnabled = false;
        var result = await attempt(ct);
        if (result.IsSuccess)
        {
            await transaction.CommitAsync(ct);
        }
        else
        {
            await transaction.RollbackAsync(ct);
            db.DiscardEvents();
            db.ChangeTracker.Clear();
        }
        return result;
    }

    /// <summary>See <see cref="LostRace.Is"/>: a concurrent writer got there first (on PostgreSQL also the exclusion constraint).</summary>
    public static bool IsLostRace(Exception exception) => LostRace.Is(exception);
}
