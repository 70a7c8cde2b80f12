using HomeSer.Web.Features.Scheduling;

namespace HomeSer.Web.Pages.Bookings;

/// <summary>The free slots to offer instead of a taken one: those closest to the wanted start, before or after it.</summary>
public static class NearestSlots
{
    public const int Shown = 6;

    /// <summary>Days searched on each side of the wanted day; the nearest few are always well inside this.</summary>
    public const int DaysAround = 7;

    /// <summary>The <paramref name="count"/> slots nearest to <paramref name="wantedUtc"/>, in time order.</summary>
    public static IReadOnlyList<SlotView> Pick(IEnumerable<SlotView> free, DateTime wantedUtc, int count = Shown) =>
        free.Where(s => s.StartTime != wantedUtc)
            .OrderBy(s => (s.StartTime - wantedUtc).Duration())
            // An equal distance before and after: the later one, since the earlier one is likelier to be too soon.
            .ThenByDescending(s => s.StartTime)
            .Take(count)
            .OrderBy(s => s.StartTime)
            .ToList();

    /// <summary>Free slots of the service from a week before the wanted day to a week after it, then the nearest.</summary>
    public static async Task<IReadOnlyList<SlotView>> AroundAsync(AvailabilityService availability, int providerId, int serviceId,
        string timeZoneId, DateTime wantedUtc, CancellationToken ct)
    {
        var day = AvailabilityEngine.LocalDate(timeZoneId, wantedUtc);
        var free = await availability.GetSlotsAsync(providerId, day.AddDays(-DaysAround), 2 * DaysAround + 1, serviceId, ct);
        return Pick(free.Value?.Slots ?? [], wantedUtc);
    }
}
