namespace HomeSer.Web.Features.Bookings;

/// <summary>The seed's statuses; the wire form is snake_case (see <see cref="BookingStatusNames"/>).</summary>
public enum BookingStatus
{
    Pending,
    Confirmed,
    InProgress,
    Completed,
    Cancelled,
    NoShow,
    Rescheduled,
}

public static class BookingStatusNames
{
    public static string ToWire(this BookingStatus status) => status switch
    {
        BookingStatus.Pending => "pending",
        BookingStatus.Confirmed => "confirmed",
        BookingStatus.InProgress => "in_progress",
        BookingStatus.Completed => "completed",
        BookingStatus.Cancelled => "cancelled",
        BookingStatus.NoShow => "no_show",
        BookingStatus.Rescheduled => "rescheduled",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static bool TryParse(string? wire, out BookingStatus status)
    {
        foreach (var candidate in Enum.GetValues<BookingStatus>())
        {
            if (string.Equals(candidate.ToWire(), wire, StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }

    /// <summary>Whether a booking in this status holds the provider's time (see <see cref="BookingRules.HoldsTime"/>).</summary>
    public static bool HoldsTime(this BookingStatus status) => BookingRules.HoldsTime(status);
}
