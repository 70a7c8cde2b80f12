using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HomeSer.Web.Infrastructure;

/// <summary>
/// The one rule for dates and instants a client sends: calendar dates <c>YYYY-MM-DD</c> and instants with an offset
/// (<c>Z</c> or <c>+01:00</c>), both between <see cref="Min"/> and <see cref="Max"/>. Outside that window nothing the
/// marketplace does makes sense, and the calendar arithmetic (days ahead, zone offsets) would overflow at the edges
/// of DateTime.
/// </summary>
public static class CalendarDates
{
    public static readonly DateOnly Min = new(2000, 1, 1);
    public static readonly DateOnly Max = new(2199, 12, 31);

    public static readonly string DateMessage = $"Use a date YYYY-MM-DD between {Min:yyyy-MM-dd} and {Max:yyyy-MM-dd}.";
    public static readonly string InstantMessage =
        $"Use an ISO-8601 instant with an offset, e.g. 2030-01-07T09:00:00Z, between {Min:yyyy-MM-dd} and {Max:yyyy-MM-dd}.";

    public static bool IsSupported(DateOnly date) => date >= Min && date <= Max;

    /// <summary>Parses <c>YYYY-MM-DD</c> inside the supported window.</summary>
    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && IsSupported(date);

    /// <summary>Parses an instant that states its offset, inside the supported window, as UTC.</summary>
    public static bool TryParseInstant(string? text, out DateTime utc)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(text) || !HasOffset(text.Trim())
            || !DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant))
        {
            return false;
        }
        utc = instant.UtcDateTime;
        return IsSupported(DateOnly.FromDateTime(utc));
    }

    // "...Z" or "...+01:00" / "...-0500" after the time; a bare "2030-01-07T09:00:00" means no particular instant.
    private static bool HasOffset(string text)
    {
        var time = text.IndexOf('T', StringComparison.OrdinalIgnoreCase);
        if (time < 0)
        {
            return false;
        }
        var rest = text[(time + 1)..];
        return rest.EndsWith('Z') || rest.EndsWith('z') || rest.IndexOfAny(['+', '-']) > 0;
    }
}

/// <summary>Reads JSON instants by <see cref="CalendarDates"/>; writes them as UTC with <c>Z</c>.</summary>
public sealed class UtcInstantConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !CalendarDates.TryParseInstant(reader.GetString(), out var utc))
        {
            throw new JsonException(CalendarDates.InstantMessage);
        }
        return utc;
    }

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(DateTime.SpecifyKind(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value, DateTimeKind.Utc));
}
