using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Features.Providers;

/// <summary>
/// Keeps a provider's calendar honest: time off or new working hours never silently leave an active booking inside
/// time the provider does not work. Either the change is refused (409 naming the bookings) or, when the provider says
/// <c>cancel_affected</c>, those bookings are cancelled through the booking lifecycle (payment released, customer told).
/// </summary>
public sealed class CalendarIntegrity(HomeSerDbContext db, BookingService bookings, TimeProvider clock)
{
    public const string CancelReason = "The provider is no longer available at this time.";

    /// <summary>Active bookings overlapping [start, end).</summary>
    public async Task<List<AffectedBooking>> InsideAsync(int providerId, DateTime startUtc, DateTime endUtc, CancellationToken ct) =>
        (await db.Bookings.AsNoTracking()
            .Where(b => b.ProviderId == providerId && BookingStatusNames.Active.Contains(b.Status) && b.StartUtc < endUtc && b.ScheduledEndUtc > startUtc)
            .OrderBy(b => b.StartUtc).ThenBy(b => b.Id)
            .Select(b => new { b.Id, b.StartUtc, b.ScheduledEndUtc, b.Status })
            .ToListAsync(ct))
        .Select(b => new AffectedBooking(b.Id, b.StartUtc, b.ScheduledEndUtc, b.Status.ToWire()))
        .ToList();

    /// <summary>Coming active bookings (not started yet) that the weekly hours of <paramref name="schedule"/> do not cover.</summary>
    public async Task<List<AffectedBooking>> OutsideHoursAsync(int providerId, ProviderSchedule schedule, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var coming = await db.Bookings.AsNoTracking()
            .Where(b => b.ProviderId == providerId && BookingStatusNames.Active.Contains(b.Status) && b.Status != BookingStatus.InProgress && b.StartUtc >= now)
            .OrderBy(b => b.StartUtc).ThenBy(b => b.Id)
            .Select(b => new { b.Id, b.StartUtc, b.ScheduledEndUtc, b.DurationMinutes, b.Status })
            .ToListAsync(ct);
        // Only the hours are judged here (no notice or window rules: the booking already exists).
        var rules = schedule with { MinNoticeMinutes = 0, MaxAdvanceDays = 1, SlotStepMinutes = 1 };
        return coming
            .Where(b => DateTime.SpecifyKind(b.StartUtc, DateTimeKind.Utc) is var start
                && AvailabilityEngine.CheckInterval(rules, [], [], start, b.DurationMinutes, start) == SlotVerdict.OutsideWorkingHours)
            .Select(b => new AffectedBooking(b.Id, b.StartUtc, b.ScheduledEndUtc, b.Status.ToWire()))
            .ToList();
    }

    /// <summary>Cancels each booking as its provider; the first that cannot be cancelled (e.g. already started) stops and is named.</summary>
    public async Task<DomainError?> CancelAsync(Actor provider, IReadOnlyList<AffectedBooking> affected, CancellationToken ct)
    {
        foreach (var booking in affected)
        {
            var cancelled = await bookings.CancelAsync(provider, booking.Id, CancelReason, ct);
            if (cancelled.Error is not null && (await bookings.GetAsync(provider, booking.Id, ct)).Value?.Status != BookingStatus.Cancelled.ToWire())
            {
                return Conflict([booking], $"Booking {booking.Id} cannot be cancelled ({cancelled.Error.Message}); the change was not made.");
            }
        }
        return null;
    }

    /// <summary>409 BOOKING_CONFLICT naming the bookings under <c>bookings</c> and the field that caused it.</summary>
    public static DomainError Conflict(IReadOnlyList<AffectedBooking> affected, string? message = null, string field = "start_time")
    {
        message ??= $"{affected.Count} active booking(s) fall in time you would not work: {string.Join(", ", affected.Select(b => $"#{b.Id} at {b.StartTime:yyyy-MM-dd HH:mm}Z"))}. "
            + "Move or cancel them first, or send \"cancel_affected\": true to cancel them and tell the customers.";
        return new DomainError(ErrorKind.Conflict, message,
            new Dictionary<string, string[]> { [field] = [message] },
            new Dictionary<string, object?> { ["bookings"] = affected });
    }
}
