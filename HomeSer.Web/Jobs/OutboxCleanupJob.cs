using HomeSer.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Jobs;

/// <summary>Deletes outbox rows dispatched, and once-only consumer marks recorded, more than <see cref="KeepDays"/> days ago.</summary>
public sealed class OutboxCleanupJob(HomeSerDbContext db, IWriterQueue writers, TimeProvider clock)
{
    public const int KeepDays = 7;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime.AddDays(-KeepDays);
        using var turn = await writers.EnterAsync(db, ct);
        var deleted = await db.OutboxMessages.Where(m => m.DispatchedAt != null && m.DispatchedAt < before).ExecuteDeleteAsync(ct);
        await db.ProcessedEvents.Where(p => p.ProcessedAt < before).ExecuteDeleteAsync(ct);
        return deleted;
    }
}
