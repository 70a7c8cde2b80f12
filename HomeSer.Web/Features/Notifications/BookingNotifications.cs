using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Scheduling;

namespace HomeSer.Web.Features.Notifications;

/// <summary>The stored notification text for a booking's status or time change, in the provider's local time.</summary>
public static class BookingNotifications
{
    public static Notification For(int userId, Booking booking, string kind, string timeZoneId, string serviceName, DateTime now)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var local = TimeZoneInfo.ConvertTimeFromUtc(booking.StartUtc, zone);
        var when = $"{local:ddd d MMM yyyy, HH:mm} ({timeZoneId})";
        var (title, body) = kind switch
        {
            Kinds.Created => ("New booking request", $"{serviceName} on {when} was requested and waits for your confirmation."),
            Kinds.Confirmed => ("Booking confirmed", $"{serviceName} on {when} is confirmed."),
            Kinds.Started => ("Job started", $"{serviceName} on {when} is in progress."),
            Kinds.Completed => ("Job completed", $"{serviceName} on {when} was completed."),
            Kinds.Cancelled => ("Booking cancelled", $"{serviceName} on {when} was cancelled." + Reason(booking)),
            Kinds.Expired => ("Booking expired", $"{serviceName} on {when} was cancelled." + Reason(booking)),
            Kinds.NoShow => ("Marked as no-show", $"{serviceName} on {when} was marked as a no-show."),
            Kinds.Rescheduled => ("Booking moved", $"{serviceName} now takes place on {when}."),
            _ => ("Booking updated", $"{serviceName} on {when} was updated."),
        };
        return new Notification { UserId = userId, Kind = kind, Title = title, Body = body, BookingId = booking.Id == 0 ? null : booking.Id, CreatedAt = now };
    }

    private static string Reason(Booking booking) => booking.CancellationReason is { } reason ? $" Reason: {reason}" : "";

    public static class Kinds
    {
        public const string Created = "booking.created";
        public const string Confirmed = "booking.confirmed";
        public const string Started = "booking.started";
        public const string Completed = "booking.completed";
        public const string Cancelled = "booking.cancelled";
        public const string Expired = "booking.expired";
        public const string NoShow = "booking.no_show";
        public const string Rescheduled = "booking.rescheduled";
    }

    /// <summary>The provider-local dates a booking's time touches (its start day, and its end day if it runs past midnight).</summary>
    public static IEnumerable<DateOnly> LocalDates(string timeZoneId, DateTime startUtc, DateTime endUtc)
    {
        var first = AvailabilityEngine.LocalDate(timeZoneId, startUtc);
        var last = AvailabilityEngine.LocalDate(timeZoneId, endUtc.AddTicks(-1));
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            yield return day;
        }
    }
}
