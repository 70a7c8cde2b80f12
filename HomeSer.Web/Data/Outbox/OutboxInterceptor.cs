using System.Data.Common;
using System.Diagnostics;
using HomeSer.Web.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace HomeSer.Web.Data.Outbox;

/// <summary>An event and its serialized form, ready for the outbox table.</summary>
public sealed record OutboxEntry(DomainEvent Event, string Type, string Stream, string Payload)
{
    public string EventId => Event.EventId;
    public DateTime OccurredAt => Event.OccurredAt;
}

/// <summary>What the data layer needs from whoever delivers the outbox: turning raised events into rows, and wake-ups.</summary>
public interface IOutboxDelivery
{
    /// <summary>Every event raised on tracked entities and on the context, serialized, for the rows about to be written.</summary>
    IReadOnlyList<OutboxEntry> Collect(HomeSerDbContext db, IReadOnlyList<object> addedEntities);

    /// <summary>Rows written in a transaction that has not committed yet (ids with their entries): delivery of them can be awaited.</summary>
    void Expect(IReadOnlyList<long> ids, IReadOnlyList<OutboxEntry> entries);

    /// <summary>The transaction that wrote these rows committed: deliver them now.</summary>
    void Committed(IReadOnlyList<long> ids, long committedTimestamp);

    /// <summary>The transaction that wrote these rows rolled back: they never existed.</summary>
    void Forget(IReadOnlyList<long> ids);

    /// <summary>Completes once each row was delivered (or failed once and was left to the retries), or after a bound.</summary>
    Task WaitAsync(IReadOnlyList<long> ids, CancellationToken ct);
}

/// <summary>Per context: outbox rows of its open transaction and committed rows whose delivery nobody awaited yet.</summary>
public sealed class OutboxSession
{
    internal readonly List<(Guid Transaction, long Id)> Uncommitted = [];
    internal readonly List<long> Committed = [];
    internal IDbContextTransaction? OwnedTransaction;
    internal List<object>? Added;
    internal IOutboxDelivery? Delivery;
}

/// <summary>
/// The transactional outbox: the events of the entities a SaveChanges writes go into OutboxMessages in the same
/// transaction (one is opened for a SaveChanges outside any), after the entities so new ids are known; on commit the
/// dispatcher is signalled at once. Plain parameterized SQL on the context's own connection, valid on SQLite and
/// PostgreSQL alike.
/// </summary>
public sealed class OutboxInterceptor(IOutboxDelivery delivery) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is HomeSerDbContext db)
        {
            db.Outbox.Added = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
            if (db.Database.CurrentTransaction is null && db.HasPendingEvents())
            {
                db.Outbox.OwnedTransaction = await db.Database.BeginTransactionAsync(cancellationToken);
            }
        }
        return result;
    }

    // Events are written by the asynchronous path only; a synchronous save that would drop some is a bug, said loudly.
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        eventData.Context is HomeSerDbContext db && db.HasPendingEvents()
            ? throw new NotSupportedException("This save raises events: use SaveChangesAsync so they reach the outbox.")
            : result;

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not HomeSerDbContext db)
        {
            return result;
        }
        db.Outbox.Delivery = delivery;
        var added = db.Outbox.Added ?? [];
        db.Outbox.Added = null;
        // Just saved and accepted: nothing is left for EF to detect, and a scan of every tracked entity is not free.
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        IReadOnlyList<OutboxEntry> entries;
        try
        {
            entries = delivery.Collect(db, added);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
        if (entries.Count > 0)
        {
            var ids = await InsertAsync(db, entries, cancellationToken);
            var transactionId = db.Database.CurrentTransaction!.TransactionId;
            db.Outbox.Uncommitted.AddRange(ids.Select(id => (transactionId, id)));
            delivery.Expect(ids, entries);
        }
        if (db.Outbox.OwnedTransaction is { } owned)
        {
            db.Outbox.OwnedTransaction = null;
            await using (owned)
            {
                await owned.CommitAsync(cancellationToken);
            }
        }
        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is HomeSerDbContext { Outbox.OwnedTransaction: { } owned } db)
        {
            db.Outbox.OwnedTransaction = null;
            await using (owned)
            {
                await owned.RollbackAsync(cancellationToken);
            }
        }
    }

    /// <summary>One statement for all rows of a save (it runs inside the writer's turn); ids come back matched by event id.</summary>
    private static async Task<List<long>> InsertAsync(HomeSerDbContext db, IReadOnlyList<OutboxEntry> entries, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        var sql = new System.Text.StringBuilder("""INSERT INTO "OutboxMessages" ("EventId", "Type", "Stream", "Payload", "OccurredAt", "Attempts") VALUES """);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            sql.Append(i == 0 ? "" : ", ").Append(System.Globalization.CultureInfo.InvariantCulture, $"(@e{i}, @t{i}, @s{i}, @p{i}, @o{i}, 0)");
            Add(command, $"@e{i}", entry.EventId);
            Add(command, $"@t{i}", entry.Type);
            Add(command, $"@s{i}", entry.Stream);
            Add(command, $"@p{i}", entry.Payload);
            Add(command, $"@o{i}", DateTime.SpecifyKind(entry.OccurredAt, DateTimeKind.Utc));
        }
        // RETURNING gives no promise about row order.
        command.CommandText = sql.Append(""" RETURNING "Id", "EventId" """).ToString();
        var idOf = new Dictionary<string, long>(entries.Count, StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                idOf[reader.GetString(1)] = reader.GetInt64(0);
            }
        }
        return entries.Select(e => idOf[e.EventId]).ToList();
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    // ---- transactions: signal on commit, forget on rollback ----

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is HomeSerDbContext { Outbox.Uncommitted.Count: > 0 } db)
        {
            var committedAt = Stopwatch.GetTimestamp();
            // Rows of an earlier transaction of this context that ended without a rollback event (disposed) never committed.
            var ids = db.Outbox.Uncommitted.Where(u => u.Transaction == eventData.TransactionId).Select(u => u.Id).ToList();
            var abandoned = db.Outbox.Uncommitted.Where(u => u.Transaction != eventData.TransactionId).Select(u => u.Id).ToList();
            db.Outbox.Uncommitted.Clear();
            db.Outbox.Committed.AddRange(ids);
            delivery.Forget(abandoned);
            delivery.Committed(ids, committedAt);
        }
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        TransactionCommittedAsync(transaction, eventData).GetAwaiter().GetResult();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Forget(eventData.Context);

    private void Forget(DbContext? context)
    {
        if (context is HomeSerDbContext { Outbox.Uncommitted.Count: > 0 } db)
        {
            delivery.Forget(db.Outbox.Uncommitted.Select(u => u.Id).ToList());
            db.Outbox.Uncommitted.Clear();
        }
    }
}
