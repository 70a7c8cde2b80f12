using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HomeSer.Web.Features.Operations;

/// <summary>
/// The app's own instruments (meter and activity source "HomeSer"). Static, so recording one costs an add on an
/// instrument nobody may be listening to, never a service lookup on the hot path.
/// </summary>
public static class HomeSerMetrics
{
    public const string Name = "HomeSer";

    public static readonly Meter Meter = new(Name);

    /// <summary>Spans of the app's own work; nothing is allocated while no tracer listens (OTLP off).</summary>
    public static readonly ActivitySource Activities = new(Name);

    private static readonly Counter<long> BookingsCreated =
        Meter.CreateCounter<long>("homeser.bookings.created", "{booking}", "Bookings created (each visit of a series counts).");

    private static readonly Counter<long> Conflicts =
        Meter.CreateCounter<long>("homeser.bookings.conflicts", "{answer}", "Answers 409 BOOKING_CONFLICT: the time is taken, unreachable or the calendar kept changing.");

    private static readonly Counter<long> LostRaces =
        Meter.CreateCounter<long>("homeser.bookings.lost_races", "{attempt}", "Calendar writes that lost a race to a concurrent writer and were retried.");

    private static readonly Counter<long> CacheLookups =
        Meter.CreateCounter<long>("homeser.cache.lookups", "{lookup}", "Availability cache lookups by result (hit or miss); hit ratio = hit / all.");

    private static readonly Histogram<double> OutboxDelay =
        Meter.CreateHistogram<double>("homeser.outbox.delivery_delay", "ms", "From an event's commit to its delivery by this node.");

    private static readonly KeyValuePair<string, object?> Hit = new("result", "hit");
    private static readonly KeyValuePair<string, object?> Miss = new("result", "miss");

    public static void BookingCreated() => BookingsCreated.Add(1);

    public static void Conflict() => Conflicts.Add(1);

    public static void LostRace() => LostRaces.Add(1);

    public static void CacheLookup(bool hit) => CacheLookups.Add(1, hit ? Hit : Miss);

    public static void OutboxDelivered(TimeSpan delay) => OutboxDelay.Record(delay.TotalMilliseconds);
}
