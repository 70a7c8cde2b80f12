using HomeSer.Web.Infrastructure;

namespace HomeSer.Web.Features.Scheduling;

/// <summary>The free slots to offer instead of a taken one: those closest to the wanted start, before or after it.</summary>
public static class NearestSlots
{
    public const int Shown = 6;

    /// <summary>Days searched on each side of the wanted day; the nearest few are always well inside this.</summary>
    public const int DaysAround = 7;

    /// <summary>The problem member that carries them on a conflict.</summary>
    public const string Member = "alternatives";

    /// <summary>The nearest free starts a conflict offered, or none.</summary>
    public static IReadOnlyList<SlotView> OfferedBy(DomainError error) =>
        error.Extensions?.GetValueOrDefault(Member) as IReadOnlyList<SlotView> ?? [];

    /// <summary>The <paramref name="count"/> slots nearest to <paramref name="wantedUtc"/>, in time order.</summary>
    public static IReadOnlyList<SlotView> Pick(IEnumerable<SlotView> free, DateTime wantedUtc, int count = Shown) =>
        free.Where(s => s.StartTime != wantedUtc)
            .OrderBy(s => (s.StartTime - wantedUtc).Duration())
            // An equal distance before and after: the later one, since the earlier one is likelier to be too soon.
            .ThenByDescending(s => s.StartTime)
            .Take(count)
            .OrderBy(s => s.StartTime)
            .ToList();

    /// <summary>
    /// Free starts of this duration from a week before the wanted day to a week after it, reachable from the place, then
    /// the nearest; <paramref name="movingBookingId"/> is the booking being moved, whose own time counts as free.
    /// </summary>
    public static async Task<IReadOnlyList<SlotView>> AroundAsync(AvailabilityService availability, int providerId, int durationMinutes,
        string timeZoneId, DateTime wantedUtc, GeoPoint? from, int? movingBookingId, CancellationToken ct)
    {
        var day = AvailabilityEngine.LocalDate(timeZoneId, wantedUtc);
        var free = await availability.GetSlotsOfDurationAsync(providerId, durationMinutes, day.AddDays(-DaysAround), 2 * DaysAround + 1,
            from, movingBookingId, ct);
        return Pick(free.Value?.Slots ?? [], wantedUtc);
    }
}
