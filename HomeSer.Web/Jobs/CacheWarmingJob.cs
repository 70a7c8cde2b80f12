using HomeSer.Web.Data;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HomeSer.Web.Jobs;

/// <summary>
/// Fills the availability cache for the busiest providers (most active bookings in the coming
/// <see cref="BusyHorizonDays"/> days) with the requests asked most: the default API request (today, one day), the
/// service page's week for each service length, and the next Jobs:CacheWarmingDays days. It goes through
/// <see cref="AvailabilityService.GetSlotsAsync"/>, the path the API and pages use, so the keys are theirs; an entry
/// already cached is left alone, so a second run computes nothing. Which providers comes from the database each run.
/// Gentle by design: a first run after a start is all cold work, so it rests between providers (Jobs:CacheWarmingDuty)
/// and stops at a budget (Jobs:CacheWarmingBudgetSeconds) instead of competing with requests for the CPU.
/// </summary>
public sealed class CacheWarmingJob(HomeSerDbContext db, AvailabilityService availability, TimeProvider clock,
    IOptions<JobOptions> options, ILogger<CacheWarmingJob> logger)
{
    public const int BusyHorizonDays = 14;

    /// <summary>The days of the service page's week view (Pages/Services/Details).</summary>
    public const int WeekDays = 7;

    private sealed record ServiceLength(int Id, int DurationMinutes);

    /// <summary>Warms the cache; returns how many providers were warmed.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var days = Math.Clamp(settings.CacheWarmingDays, 1, AvailabilityService.MaxDays);
        var now = clock.GetUtcNow().UtcDateTime;
        var horizon = now.AddDays(BusyHorizonDays);

        // One query: bookable providers by how many active bookings they hold soon, with their active services.
        var candidates = await db.Providers.AsNoTracking()
            .Where(p => p.IsActive && p.IsVerified)
            .Select(p => new
            {
                p.Id,
                Busy = db.Bookings.Where(BookingFilters.HoldsProviderTime)
                    .Count(b => b.ProviderId == p.Id && b.StartUtc >= now && b.StartUtc < horizon),
                Services = p.Services.Where(s => s.IsActive).Select(s => new ServiceLength(s.Id, s.DurationMinutes)).ToList(),
            })
            .OrderByDescending(c => c.Busy).ThenBy(c => c.Id)
            .Take(Math.Max(0, settings.CacheWarmingProviders))
            .ToListAsync(ct);

        var duty = Math.Clamp(settings.CacheWarmingDuty, 0.05, 1);
        var budget = TimeSpan.FromSeconds(Math.Max(0.000001, settings.CacheWarmingBudgetSeconds));
        var worked = TimeSpan.Zero;
        var warmed = 0;
        foreach (var provider in candidates)
        {
            ct.ThrowIfCancellationRequested();
            if (worked >= budget)
            {
                logger.LogInformation("Cache warming stopped at its budget of {Seconds} s after {Count} providers", budget.TotalSeconds, warmed);
                break;
            }
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                // Without a service the calendar is sized by the shortest one (date omitted = today in the provider's zone).
                await availability.GetSlotsAsync(provider.Id, null, 1, null, ct);
                await availability.GetSlotsAsync(provider.Id, null, days, null, ct);
                // The service page asks for a week per service; services of one length share an entry.
                foreach (var service in provider.Services.DistinctBy(s => s.DurationMinutes))
                {
                    await availability.GetSlotsAsync(provider.Id, null, WeekDays, service.Id, ct);
                }
                warmed++;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // One broken calendar must not stop the others; the next request computes it as usual.
                logger.LogWarning(exception, "Could not warm the availability cache of provider {ProviderId}", provider.Id);
            }
            var took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            worked += took;
            if (duty < 1)
            {
                // Real time, not the app clock: the point is to leave the CPU to requests meanwhile.
                await Task.Delay(took * ((1 - duty) / duty), ct);
            }
        }
        logger.LogInformation("Warmed the availability cache of {Count} providers", warmed);
        return warmed;
    }
}
