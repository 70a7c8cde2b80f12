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
/// Delivers outbox rows after commit. A commit hands its rows straight to the lane of their stream (the interceptor
/// signals at commit, with the events it just wrote, so nothing is read back); each lane delivers its rows one after
/// another to every subscriber in <see cref="EventSubscribers"/>, so a stream's rows arrive in commit order, and lanes run
/// side by side. Delivered rows are marked dispatched in batches. The safety net is a slow poll (and one pass at start)
/// over undelivered rows no lane holds: what a crash, a failed delivery or another process left. A row whose delivery
/// fails is retried from the poll with a growing delay, and its stream's later rows wait for it. At least once: a crash
/// after delivery and before the mark delivers again on restart, which the consumers tolerate (idempotent by event id).
/// With several nodes each delivers what its own commits wrote and then tells the others (<see cref="IChangeFeed"/>);
/// what a killed node left is delivered by any node's poll. Rows are not claimed in the database, so two polls that
/// meet an undelivered row both deliver it (at least once, as above).
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, IWriterQueue writers, TimeProvider clock,
    IOptions<OutboxOptions> options, IChangeFeed feed, ILogger<OutboxDispatcher> logger) : BackgroundService, IOutboxDelivery
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Channel<long> _delivered = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<long, Waiter> _waiters = new();
    // Rows this process holds: expected (not committed yet), queued in a lane, being delivered, or delivered and not yet marked.
    private readonly ConcurrentDictionary<long, byte> _held = new();
    // Streams with a failed row: their later rows wait for the poll, which retries them in order.
    private readonly ConcurrentDictionary<string, byte> _blocked = new(StringComparer.Ordinal);
    private Channel<Item>[] _lanes = [];

    /// <summary>Commit-to-delivery times of the rows delivered by this process.</summary>
    public OutboxLatency Latency { get; } = new();

    private sealed record Item(long Id, string Stream, DomainEvent Event, int Attempts);

    private sealed class Waiter(string stream, DomainEvent domainEvent)
    {
        public readonly TaskCompletionSource Done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly string Stream = stream;
        public readonly DomainEvent Event = domainEvent;
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

    public void Expect(IReadOnlyList<long> ids, IReadOnlyList<OutboxEntry> entries)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            _held[ids[i]] = 0;
            _waiters[ids[i]] = new Waiter(entries[i].Stream, entries[i].Event);
        }
    }

    public void Committed(IReadOnlyList<long> ids, long committedTimestamp)
    {
        foreach (var id in ids)
        {
            if (!_waiters.TryGetValue(id, out var waiter))
            {
                continue;
            }
            waiter.CommittedAt = committedTimestamp;
            if (_blocked.ContainsKey(waiter.Stream) || _lanes.Length == 0)
            {
                // Behind a failed row (or not started yet): the poll delivers it, in order.
                _held.TryRemove(id, out _);
                _wake.Writer.TryWrite(true);
                continue;
            }
            LaneOf(waiter.Stream).Writer.TryWrite(new Item(id, waiter.Stream, waiter.Event, 0));
        }
    }

    public void Forget(IReadOnlyList<long> ids)
    {
        foreach (var id in ids)
        {
            _held.TryRemove(id, out _);
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
                var delay = Stopwatch.GetElapsedTime(waiter.CommittedAt);
                Latency.Record(delay);
                Operations.HomeSerMetrics.OutboxDelivered(delay);
            }
            waiter.Done.TrySetResult();
        }
    }

    private Channel<Item> LaneOf(string stream) =>
        _lanes[(int)((uint)StringComparer.Ordinal.GetHashCode(stream) % (uint)_lanes.Length)];

    // ---- the lanes, the marker and the poll ----

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var lanes = Enumerable.Range(0, Math.Max(1, options.Value.Lanes))
            .Select(_ => Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true })).ToArray();
        _lanes = lanes;
        var workers = lanes.Select(lane => RunLaneAsync(lane, stoppingToken)).Append(RunMarkerAsync(stoppingToken)).ToList();
        await PollLoopAsync(stoppingToken);
        foreach (var lane in lanes)
        {
            lane.Writer.TryComplete();
        }
        _delivered.Writer.TryComplete();
        await Task.WhenAll(workers);
    }

    private async Task PollLoopAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(Math.Max(0.05, options.Value.PollSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return; // shutting down: what was not marked is delivered again at the next start
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Outbox poll failed; trying again at the next poll");
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(poll);
            try
            {
                await _wake.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // The poll: look again even without a signal (or stop).
            }
        }
    }

    /// <summary>Queues undelivered rows no lane holds, in id order, each stream up to its first row still waiting for a retry.</summary>
    private async Task PollOnceAsync(CancellationToken ct)
    {
        List<OutboxMessage> rows;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HomeSerDbContext>();
            rows = await db.OutboxMessages.AsNoTracking().Where(m => m.DispatchedAt == null)
                .OrderBy(m => m.Id).Take(Math.Max(1, options.Value.BatchSize)).ToListAsync(ct);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var waiting = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (waiting.Contains(row.Stream) || _held.ContainsKey(row.Id))
            {
                // A stream whose earlier row is held or waiting keeps its order: nothing after it goes first.
                waiting.Add(row.Stream);
                continue;
            }
            if (row.NextAttemptAt is { } due && due > now)
            {
                waiting.Add(row.Stream);
                continue;
            }
            _blocked.TryRemove(row.Stream, out _);
            _held[row.Id] = 0;
            LaneOf(row.Stream).Writer.TryWrite(new Item(row.Id, row.Stream, OutboxSerializer.FromRow(row), row.Attempts));
        }
    }

    private async Task RunLaneAsync(Channel<Item> lane, CancellationToken ct)
    {
        await foreach (var item in lane.Reader.ReadAllAsync(CancellationToken.None))
        {
            if (ct.IsCancellationRequested)
            {
                continue; // drain without delivering: the next start delivers what was not marked
            }
            if (_blocked.ContainsKey(item.Stream) && item.Attempts == 0 && _waiters.ContainsKey(item.Id))
            {
                // Queued before its stream failed: leave it to the poll, behind the failed row.
                _held.TryRemove(item.Id, out _);
                continue;
            }
            try
            {
                await DeliverAsync(item.Event, ct);
                Complete(item.Id, delivered: true);
                _delivered.Writer.TryWrite(item.Id);
            }
            catch (Exception exception) when (!ct.IsCancellationRequested)
            {
                _blocked[item.Stream] = 0;
                Complete(item.Id, delivered: false);
                await RecordFailureAsync(item, exception, ct);
                _held.TryRemove(item.Id, out _);
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                _held.TryRemove(item.Id, out _);
            }
        }
    }

    private async Task DeliverAsync(DomainEvent domainEvent, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        foreach (var subscription in EventSubscribers.ByEvent[domainEvent.GetType()])
        {
            await subscription.InvokeAsync(scope.ServiceProvider, domainEvent, ct);
        }
        // Handlers registered as IDomainEventHandler<T> (none in the app; tests add recorders) hear it last.
        await EventSubscribers.InvokeRegisteredAsync(scope.ServiceProvider, domainEvent, ct);
        // Before the row counts as delivered, so the write that waits for it answers after the other nodes were told.
        await feed.PublishAsync(domainEvent, ct);
    }

    /// <summary>Marks delivered rows dispatched, as many per UPDATE as have arrived meanwhile.</summary>
    private async Task RunMarkerAsync(CancellationToken ct)
    {
        var batch = new List<long>();
        while (await _delivered.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < 500 && _delivered.Reader.TryRead(out var id))
            {
                batch.Add(id);
            }
            if (ct.IsCancellationRequested)
            {
                continue;
            }
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<HomeSerDbContext>();
                var now = clock.GetUtcNow().UtcDateTime;
                using (await writers.EnterAsync(db, ct))
                {
                    await db.OutboxMessages.Where(m => batch.Contains(m.Id)).ExecuteUpdateAsync(set => set.SetProperty(m => m.DispatchedAt, now), ct);
                }
            }
            catch (Exception exception) when (!ct.IsCancellationRequested)
            {
                // Delivered but not marked: the poll delivers them again (consumers tolerate it).
                logger.LogWarning("Could not mark {Count} outbox rows dispatched: {Error}", batch.Count, exception.Message);
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                // Stopping: the next start delivers them again.
            }
            foreach (var id in batch)
            {
                _held.TryRemove(id, out _);
            }
        }
    }

    private async Task RecordFailureAsync(Item item, Exception error, CancellationToken ct)
    {
        var attempts = item.Attempts + 1;
        var now = clock.GetUtcNow().UtcDateTime;
        // 1 s, 2 s, 4 s ... up to 10 minutes between attempts.
        var next = now.AddSeconds(Math.Min(600, Math.Pow(2, Math.Min(attempts - 1, 10))));
        var message = error.Message.Length > 2000 ? error.Message[..2000] : error.Message;
        logger.LogWarning("Delivering outbox event {Id} ({Type}, {Stream}) failed (attempt {Attempts}), retrying at {Next}: {Error}",
            item.Id, item.Event.GetType().Name, item.Stream, attempts, next, message);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<HomeSerDbContext>();
            using (await writers.EnterAsync(db, ct))
            {
                await db.OutboxMessages.Where(m => m.Id == item.Id).ExecuteUpdateAsync(set => set
                    .SetProperty(m => m.Attempts, attempts)
                    .SetProperty(m => m.NextAttemptAt, next)
                    .SetProperty(m => m.LastError, message), ct);
            }
        }
        catch (Exception exception) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Could not record the failure of outbox row {Id}: {Error}", item.Id, exception.Message);
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
