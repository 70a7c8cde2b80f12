using HomeSer.Web.Features.Bookings;

namespace HomeSer.Web.Jobs;

/// <summary>Cancels pending bookings nobody confirmed in time (Bookings:PendingExpiryHours), which frees their slots.</summary>
public sealed class PendingExpiryJob(BookingService bookings, ILogger<PendingExpiryJob> logger)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var expired = await bookings.ExpireStalePendingAsync(ct);
        if (expired > 0)
        {
            logger.LogInformation("Expired {Count} stale pending bookings", expired);
        }
        return expired;
    }
}
