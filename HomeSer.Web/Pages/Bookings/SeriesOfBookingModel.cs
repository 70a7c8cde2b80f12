using HomeSer.Web.Features.Bookings;

namespace HomeSer.Web.Pages.Bookings;

/// <summary>The <c>_SeriesOfBooking</c> partial's model: the series a booking belongs to, seen from that booking.</summary>
public sealed record SeriesOfBookingModel(SeriesView Series, int BookingId, DateTime Start, string TimeZoneId, int CancellableFromHere)
{
    public int Position => Series.Bookings.ToList().FindIndex(b => b.Id == BookingId) + 1;
}
