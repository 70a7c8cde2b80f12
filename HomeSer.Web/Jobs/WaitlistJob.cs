using HomeSer.Web.Features.Waitlist;

namespace HomeSer.Web.Jobs;

/// <summary>Lapses waitlist offers not claimed in time (passing their start on) and expires entries for past dates; all from the database.</summary>
public sealed class WaitlistJob(WaitlistOffers offers, ILogger<WaitlistJob> logger)
{
    [Hangfire.DisableConcurrentExecution(timeoutInSeconds: 120)]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var changed = await offers.SweepAsync(ct);
        if (changed > 0)
        {
            logger.LogInformation("Waitlist sweep changed {Count} entries", changed);
        }
        return changed;
    }
}
