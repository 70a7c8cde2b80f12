using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using HomeSer.Web.Data;
using HomeSer.Web.Data.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HomeSer.Web.Features.Notifications.Outbox;

/// <summary>Configuration section <c>Outbox</c>.</summary>
public sealed class OutboxOptions
{
    /// <summary>The safety net: how often undelivered rows are looked for without a commit signal.</summary>
    public double PollSeconds { get; set; } = 5;

    /// <summary>How long a committing request waits for its events before answering anyway (delivery goes on).</summary>
    public int WaitForDeliveryMilliseconds { get; set; } = 5000;

    public int BatchSize { get; set; } = 500;

    /// <summary>How many streams are delivered at once; each stream stays in order.</summary>
    public int Lanes { get; set; } = 4;
}

/// <summary>
/// Delivers outbox rows after commit: woken by each commit (the interceptor signals it) and by a slow poll as the
/// safety net; reads undelivered rows in id order, delivers each stream's rows in order (streams side by side), to every
/// subscriber in <see cref="EventSubscribers"/>, then marks them dispatched. A row whose delivery fails is retried later
/// with a growing delay, and the rows after it in its stream wait for it. At least once: a crash after delivery and
/// before the mark delivers again on restart, which the consumers tolerate (idempotent by event id).
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, IWriterQueue writers, TimeProvider clock,
    IOptions<OutboxOptions> options, ILogger<OutboxDispatcher> logger) : BackgroundService, IOutboxDelivery
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<long, Waiter> _waiters = new();

    /// <summary>Commit-to-delivery times of the rows delivered by this process.</summary>
    public OutboxLatency Latency { get; } = new();

    private sealed class Waiter
    {
        public readonly TaskCompletionSource Done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public long CommittedAt;
    }

    // ---- IOutboxDelivery (called by the interceptor inside SaveChanges and commit) ----

    public IReadOnlyList<OutboxEntry> Collect(HomeSerDbContext db, IReadOnlyList<object> addedEntities)
    {
        var events = new List<DomainEvent>();
        foreach (var entry in db.ChangeTracker.Entries<IRaisesEvents>())
        {
            if (entry.Entity.Events.Any)
            {
                events.AddRange(entry.Entity.Events.Take());
            }
        }
        events.AddRange(db.Raised.Take());
        // A stored notification is news by itself: it is pushed and mailed.
        events.AddRange(addedEntities.OfType<Notification>().Select(n => new NotificationCreated(n.Id, n.UserId, n.CreatedAt)));
        return events.Select(OutboxSerializer.ToEntry).ToList();
    }

    public void Expect(IReadOnlyList<long> ids)
    {
        foreach (var id in ids)
        {
            _waiters.TryAdd(id, new Waiter());
        }
    }

    public void Committed(IReadOnlyList<long> ids, long committedTimestamp)
    {
        foreach (var id in ids)
        {
            if (_waiters.TryGetValue(id, out var waiter))
            {
                waiter.CommittedAt = committedTimestamp;
            }
        }
        _wake.Writer.TryWrite(true);
    }

    public void Forget(IReadOnlyList<long> ids)
    {
        foreach (var id in ids)
        {
            Complete(id, delivered: false);
        }
    }

    public async Task WaitAsync(IReadOnlyList<long> ids, CancellationToken ct)
    {
        var pending = ids.Select(id => _waiters.TryGetValue(id, out var waiter) ? waiter.Done.Task : null).OfType<Task>().ToList();
        if (pending.Count == 0)
        {
            return;
        }
        try
        {
            await Task.WhenAll(pending).WaitAsync(TimeSpan.FromMilliseconds(options.Value.WaitForDeliveryMilliseconds), ct);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("Events {Ids} not delivered within {Milliseconds} ms; answering anyway, delivery goes on",
                string.Join(",", ids), options.Value.WaitForDeliveryMilliseconds);
        }
    }

    private void Complete(long id, bool delivered)
    {
        if (_waiters.TryRemove(id, out var waiter))
        {
            if (delivered && waiter.CommittedAt != 0)
            {
                Latency.Record(Stopwatch.GetElapsedTime(waiter.CommittedAt));
            }
            waiter.Done.TrySetResult();
        }
    }

    // ---- the loop ----

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var poll = TimeSpan.FromSeconds(Math.Max(0.05, options.Value.PollSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchOnceAsync(stoppingToken))
                {
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(exception, "Outbox pass failed; trying again at the next signal or poll");
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(poll);
            try
            {
                await _wake.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The poll: look again even without a signal.
            }
        }
    }

    /// <summary>One pass over what is undelivered; true when it delivered something (so there may be more).</summary>
    public async Task<bool> DispatchOnceAsync(CancellationToken ct)
    {
        var settings = options.Value;
        List<OutboxMessage> rows;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HomeSerDbContext>();
            rows = await db.OutboxMessages.AsNoTracking().Where(m => m.DispatchedAt == null)
                .OrderBy(m => m.Id).Take(Math.Max(1, settings.BatchSize)).ToListAsync(ct);
        }
        if (rows.Count == 0)
        {
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var delivered = new ConcurrentBag<long>();
        var failed = new ConcurrentBag<(OutboxMessage Row, Exception Error)>();
        var streams = rows.GroupBy(r => r.Stream).ToList();
        await Parallel.ForEachAsync(streams, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Lanes), CancellationToken = ct },
            async (stream, laneCt) =>
            {
                foreach (var row in stream)
                {
                    if (row.NextAttemptAt is { } due && due > now)
                    {
                        break; // a row waiting for its retry holds back the rest of its stream
                    }
                    try
                    {
                        await DeliverAsync(row, laneCt);
                        delivered.Add(row.Id);
                        Complete(row.Id, delivered: true);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException || !laneCt.IsCancellationRequested)
                    {
                        failed.Add((row, exception));
                        Complete(row.Id, delivered: false);
                        break;
                    }
                }
            });

        await MarkAsync(delivered.ToList(), failed.ToList(), now, ct);
        return !delivered.IsEmpty;
    }

    private async Task DeliverAsync(OutboxMessage row, CancellationToken ct)
    {
        var domainEvent = OutboxSerializer.FromRow(row);
        await using var scope = scopes.CreateAsyncScope();
        foreach (var subscription in EventSubscribers.ByEvent[domainEvent.GetType()])
        {
            await subscription.InvokeAsync(scope.ServiceProvider, domainEvent, ct);
        }
        // Handlers registered as IDomainEventHandler<T> (none in the app; tests add recorders) hear it last.
        await EventSubscribers.InvokeRegisteredAsync(scope.ServiceProvider, domainEvent, ct);
    }

    private async Task MarkAsync(List<long> delivered, List<(OutboxMessage Row, Exception Error)> failed, DateTime now, CancellationToken ct)
    {
        if (delivered.Count == 0 && failed.Count == 0)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HomeSerDbContext>();
        using var turn = await writers.EnterAsync(db, ct);
        if (delivered.Count > 0)
        {
            await db.OutboxMessages.Where(m => delivered.Contains(m.Id)).ExecuteUpdateAsync(set => set.SetProperty(m => m.DispatchedAt, now), ct);
        }
        foreach (var (row, error) in failed)
        {
            var attempts = row.Attempts + 1;
            // 1 s, 2 s, 4 s ... up to 10 minutes between attempts.
            var next = now.AddSeconds(Math.Min(600, Math.Pow(2, Math.Min(attempts - 1, 10))));
            var message = error.Message.Length > 2000 ? error.Message[..2000] : error.Message;
            logger.LogWarning("Delivering outbox event {Id} ({Type}, {Stream}) failed (attempt {Attempts}), retrying at {Next}: {Error}",
                row.Id, row.Type, row.Stream, attempts, next, message);
            await db.OutboxMessages.Where(m => m.Id == row.Id).ExecuteUpdateAsync(set => set
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.NextAttemptAt, next)
                .SetProperty(m => m.LastError, message), ct);
        }
    }
}

/// <summary>A bounded record of commit-to-delivery times, for the health endpoint and the benchmark.</summary>
public sealed class OutboxLatency
{
    private const int Capacity = 100_000;
    private readonly double[] _milliseconds = new double[Capacity];
    private long _count;

    public void Record(TimeSpan elapsed)
    {
        var slot = Interlocked.Increment(ref _count) - 1;
        _milliseconds[slot % Capacity] = elapsed.TotalMilliseconds;
    }

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    /// <summary>How many were recorded, and the median and 95th percentile of the latest (up to 100,000).</summary>
    public (long Count, double MedianMs, double P95Ms) Summary()
    {
        var count = Interlocked.Read(ref _count);
        var sample = _milliseconds.Take((int)Math.Min(count, Capacity)).Order().ToArray();
        return sample.Length == 0 ? (count, 0, 0) : (count, sample[(sample.Length - 1) / 2], sample[(int)Math.Ceiling(sample.Length * 0.95) - 1]);
    }
}
