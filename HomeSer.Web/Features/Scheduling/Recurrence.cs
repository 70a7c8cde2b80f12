namespace HomeSer.Web.Features.Scheduling;

/// <summary>How often a series repeats: every 1, 2 or 4 weeks.</summary>
public enum RecurrenceFrequency { Weekly = 1, Every2Weeks = 2, Every4Weeks = 4 }

/// <summary>One visit of a series: its provider-local date, and its start (null when that wall-clock time does not exist that day).</summary>
public readonly record struct Occurrence(int Index, DateOnly LocalDate, DateTime? StartUtc);

/// <summary>
/// The occurrences of a recurring series, pure: the same provider-local wall-clock time every 1, 2 or 4 weeks, so a
/// 10:00 visit stays at 10:00 when the clocks change (its UTC instant moves by the hour instead).
/// </summary>
public static class Recurrence
{
    public const int MinCount = 2;
    public const int MaxCount = 26;

    public static readonly string[] FrequencyNames = ["weekly", "every_2_weeks", "every_4_weeks"];

    public static string ToWire(this RecurrenceFrequency frequency) => frequency switch
    {
        RecurrenceFrequency.Weekly => "weekly",
        RecurrenceFrequency.Every2Weeks => "every_2_weeks",
        RecurrenceFrequency.Every4Weeks => "every_4_weeks",
        _ => throw new ArgumentOutOfRangeException(nameof(frequency)),
    };

    public static bool TryParse(string? wire, out RecurrenceFrequency frequency)
    {
        frequency = wire switch
        {
            "weekly" => RecurrenceFrequency.Weekly,
            "every_2_weeks" => RecurrenceFrequency.Every2Weeks,
            "every_4_weeks" => RecurrenceFrequency.Every4Weeks,
            _ => 0,
        };
        return frequency != 0;
    }

    /// <summary>The weeks between two visits.</summary>
    public static int Weeks(this RecurrenceFrequency frequency) => (int)frequency;

    /// <summary>
    /// The <paramref name="count"/> visits starting with <paramref name="firstStartUtc"/>, each at the first's wall-clock
    /// time in <paramref name="timeZoneId"/>. A time inside a spring-forward gap has no start that day; in the repeated
    /// autumn hour the first (daylight) occurrence is meant, as the calendar offers it.
    /// </summary>
    public static IReadOnlyList<Occurrence> Occurrences(string timeZoneId, DateTime firstStartUtc, RecurrenceFrequency frequency, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var zone = ProviderTimeZones.Find(timeZoneId);
        var local = ProviderTimeZones.ToLocal(zone, DateTime.SpecifyKind(firstStartUtc, DateTimeKind.Utc));
        var firstDay = DateOnly.FromDateTime(local);
        var wallClock = local.TimeOfDay;
        var occurrences = new Occurrence[count];
        for (var i = 0; i < count; i++)
        {
            var day = firstDay.AddDays(7 * frequency.Weeks() * i);
            occurrences[i] = i == 0
                ? new Occurrence(0, day, DateTime.SpecifyKind(firstStartUtc, DateTimeKind.Utc))
                : new Occurrence(i, day, LocalDayClock.For(zone, day).TryFirstOccurrence(wallClock, out var utc) ? utc : null);
        }
        return occurrences;
    }
}
