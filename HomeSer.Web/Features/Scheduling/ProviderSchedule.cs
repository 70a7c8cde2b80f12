namespace HomeSer.Web.Features.Scheduling;

/// <summary>Weekly working hours in the provider's local wall-clock time; a day may have several intervals.</summary>
public sealed record WorkingInterval(DayOfWeek Day, TimeOnly Start, TimeOnly End);

/// <summary>A weekly recurring break inside working hours, in the provider's local wall-clock time.</summary>
public sealed record WorkingBreak(DayOfWeek Day, TimeOnly Start, TimeOnly End);

/// <summary>Everything about a provider's week that decides which slots can be offered.</summary>
/// <param name="TimeZoneId">IANA zone id, e.g. "Europe/Berlin".</param>
/// <param name="WorkingHours">Intervals with End &lt;= Start are ignored.</param>
/// <param name="Breaks">Breaks with End &lt;= Start are ignored.</param>
/// <param name="BufferMinutes">Time kept free before and after every busy booking, however near the next home is.</param>
/// <param name="MinNoticeMinutes">A start must be at least this far after now.</param>
/// <param name="MaxAdvanceDays">A start must be before now plus this many days.</param>
/// <param name="SlotStepMinutes">Starts are local times whose minutes since local midnight are multiples of this.</param>
/// <param name="TravelSpeedKmh">Average speed between two homes, for the travel time between consecutive jobs.</param>
public sealed record ProviderSchedule(
    string TimeZoneId,
    IReadOnlyList<WorkingInterval> WorkingHours,
    IReadOnlyList<WorkingBreak> Breaks,
    int BufferMinutes,
    int MinNoticeMinutes,
    int MaxAdvanceDays,
    int SlotStepMinutes = 15,
    int TravelSpeedKmh = TravelTime.DefaultSpeedKmh);
