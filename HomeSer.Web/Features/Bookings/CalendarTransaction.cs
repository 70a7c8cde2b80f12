using System.Collections.Concurrent;
using System.Reflection;
using HomeSer.Web.Data;
using HomeSer.Web.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

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
public sealed class CalendarTransaction(HomeSerDbContext db, IOptions<BookingOptions> options, ILogger<CalendarTransaction> logger)
{
    public const int MaxAttempts = 5;

    // SQLite has one writer per file, and Microsoft.Data.Sqlite waits for a busy lock by sleeping the thread in 150 ms
    // steps; queueing this process's calendar writers on an async gate per file makes them take turns without blocking
    // threads or sleeping past the moment the lock frees. PostgreSQL writers are not gated.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> SqliteWriters = new(StringComparer.Ordinal);

    public async Task<Result<T>> RunAsync<T>(Func<CancellationToken, Task<Result<T>>> attempt, CancellationToken ct)
    {
        var gate = options.Value.QueueSqliteWriters && db.Database.IsSqlite() ? SqliteWriters.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1)) : null;
        for (var attemptNumber = 1; ; attemptNumber++)
        {
            try
            {
                return await AttemptAsync(attempt, gate, ct);
            }
            catch (Exception exception) when (IsLostRace(exception))
            {
                db.ChangeTracker.Clear();
                if (attemptNumber >= MaxAttempts)
                {
                    logger.LogWarning(exception, "Booking write lost the race {Attempts} times; answering conflict", attemptNumber);
                    return DomainError.Conflict("The provider's calendar changed while booking; please pick the slot again.");
                }
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25 * attemptNumber)), ct);
            }
        }
    }

    private async Task<Result<T>> AttemptAsync<T>(Func<CancellationToken, Task<Result<T>>> attempt, SemaphoreSlim? gate, CancellationToken ct)
    {
        if (gate is not null)
        {
            await gate.WaitAsync(ct);
        }
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var result = await attempt(ct);
            if (result.IsSuccess)
            {
                await transaction.CommitAsync(ct);
            }
            else
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
            }
            return result;
        }
        finally
        {
            gate?.Release();
        }
    }

    /// <summary>A concurrency-token miss, a busy/locked SQLite file, or a PostgreSQL serialization failure or deadlock.</summary>
    public static bool IsLostRace(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DbUpdateConcurrencyException:
                case SqliteException { SqliteErrorCode: 5 or 6 }:
                    return true;
            }
            // Npgsql is not referenced here; its PostgresException exposes SqlState.
            if (e.GetType().GetProperty("SqlState", BindingFlags.Public | BindingFlags.Instance)?.GetValue(e) is "40001" or "40P01")
            {
                return true;
            }
        }
        return false;
    }
}
