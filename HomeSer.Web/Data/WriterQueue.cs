using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HomeSer.Web.Data;

/// <summary>Lets this process's writers to one database take turns where the database has a single writer.</summary>
public interface IWriterQueue
{
    /// <summary>Enters the queue of <paramref name="db"/>'s database; dispose the result to leave. A no-op where writers need no queue.</summary>
    ValueTask<IDisposable> EnterAsync(DbContext db, CancellationToken ct);
}

/// <summary>
/// SQLite has one writer per file, and Microsoft.Data.Sqlite waits for a busy lock by sleeping the thread in 150 ms
/// steps; queueing this process's writers on an async gate per file makes them take turns without blocking threads or
/// sleeping past the moment the lock frees. Other providers (PostgreSQL) are not gated.
/// </summary>
public sealed class SqliteWriterQueue(bool enabled) : IWriterQueue
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);
    private static readonly IDisposable Nothing = new Releaser(null);

    public async ValueTask<IDisposable> EnterAsync(DbContext db, CancellationToken ct)
    {
        if (!enabled || !db.Database.IsSqlite())
        {
            return Nothing;
        }
        var gate = Gates.GetOrAdd(db.Database.GetConnectionString() ?? "", _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return new Releaser(gate);
    }

    private sealed class Releaser(SemaphoreSlim? gate) : IDisposable
    {
        private SemaphoreSlim? _gate = gate;

        public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release();
    }
}

/// <summary>PostgreSQL has many concurrent writers: the database's checks decide, with no queue in this process.</summary>
public sealed class UnqueuedWriters : IWriterQueue
{
    public static readonly UnqueuedWriters Instance = new();
    private static readonly IDisposable Nothing = new Left();

    public ValueTask<IDisposable> EnterAsync(DbContext db, CancellationToken ct) => ValueTask.FromResult(Nothing);

    private sealed class Left : IDisposable
    {
        public void Dispose()
        {
        }
    }
}

/// <summary>Which database errors mean "a concurrent writer got there first; retry", per provider.</summary>
public static class LostRace
{
    /// <summary>
    /// A concurrency-token miss, a busy/locked SQLite file, or on PostgreSQL a serialization failure, a deadlock, or the
    /// bookings' exclusion constraint refusing an overlap a concurrent writer committed first.
    /// </summary>
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DbUpdateConcurrencyException:
                case SqliteException { SqliteErrorCode: 5 or 6 }:
                case PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.ExclusionViolation }:
                    return true;
            }
        }
        return false;
    }
}
