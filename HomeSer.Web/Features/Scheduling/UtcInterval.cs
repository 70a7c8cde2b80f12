namespace HomeSer.Web.Features.Scheduling;

/// <summary>A half-open UTC interval [Start, End); an interval with End &lt;= Start blocks nothing.</summary>
public readonly record struct UtcInterval(DateTime Start, DateTime End)
{
    internal bool IsEmpty => End <= Start;

    internal bool Overlaps(DateTime start, DateTime end) => !IsEmpty && Start < end && start < End;
}

/// <summary>A bookable slot [StartUtc, EndUtc), both Kind=Utc.</summary>
public readonly record struct Slot(DateTime StartUtc, DateTime EndUtc);

/// <summary>Whether an exact interval can be booked, or the first reason it cannot.</summary>
public enum SlotVerdict
{
    Bookable,
    InPast,
    InsideMinimumNotice,
    BeyondBookingWindow,
    NotOnSlotGrid,
    OutsideWorkingHours,
    TimeOff,
    Occupied,
    /// <summary>Free, but too close to a booking in another home for the travel time between the two.</summary>
    Unreachable,
}
