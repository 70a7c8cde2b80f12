using HomeSer.Web.Features.Bookings;

namespace HomeSer.Web.Pages.Bookings;

/// <summary>The <c>_SeriesConflicts</c> partial's model: visits that could not be booked, in the provider's zone.</summary>
public sealed record SeriesConflictsModel(IReadOnlyList<SeriesConflict> Conflicts, int ServiceId, string TimeZoneId, string Heading = "These visits cannot be booked")
{
    public static string ReasonText(string reason) => reason switch
    {
        SeriesReasons.SlotTaken => "the time is taken.",
        SeriesReasons.TravelTime => "the provider cannot get there in time from another job.",
        SeriesReasons.OutsideWorkingHours => "the provider does not work then.",
        SeriesReasons.TimeOff => "the provider is away.",
        SeriesReasons.BeyondBookingWindow => "too far ahead: the provider takes bookings only so many days ahead.",
        SeriesReasons.NoSuchLocalTime => "that time does not exist on that day (the clocks go forward).",
        _ => "not bookable.",
    };
}
