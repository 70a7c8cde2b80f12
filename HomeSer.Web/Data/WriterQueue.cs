using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

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

/// <summary>Which database errors mean "a concurrent writer got there first; retry", per provider.</summary>
public static class LostRace
{
    /// <summary>A concurrency-token miss, a busy/locked SQLite file, or a PostgreSQL serialization failure or deadlock.</summary>
    public static bool Is(Exception exception)
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
