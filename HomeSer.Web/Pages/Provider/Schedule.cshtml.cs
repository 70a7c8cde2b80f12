using System.Globalization;
using System.Text.RegularExpressions;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Providers;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HomeSer.Web.Pages.Provider;

/// <summary>
/// Weekly hours (one row per day: an on/off switch and one or more time ranges, each with an optional break) and
/// scheduling rules, saved through the same self-service (and validation) as the API. Adding or removing a range and
/// copying a day are form commands answered by the server, so the editor works without script and from the keyboard.
/// </summary>
[Authorize(Roles = Roles.Provider)]
public sealed partial class ScheduleModel(ProviderSelfService selfService) : PageModel
{
    public static readonly IReadOnlyList<string> Weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    /// <summary>A range at most per day: beyond it the form would not fit a phone (the API takes up to 50 periods).</summary>
    public const int MaxRangesPerDay = 4;

    public static readonly IReadOnlyList<string> CommonZones =
    [
        "Europe/Amsterdam", "Europe/Athens", "Europe/Berlin", "Europe/Brussels", "Europe/Dublin", "Europe/Helsinki", "Europe/Lisbon",
        "Europe/London", "Europe/Madrid", "Europe/Paris", "Europe/Prague", "Europe/Rome", "Europe/Stockholm", "Europe/Vienna",
        "Europe/Warsaw", "Europe/Zurich", "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
        "America/Sao_Paulo", "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore", "Asia/Tokyo", "Australia/Sydney", "UTC",
    ];

    public sealed class RangeInput
    {
        public string? Start { get; set; }
        public string? End { get; set; }
        public string? BreakStart { get; set; }
        public string? BreakEnd { get; set; }

        public RangeInput Copy() => (RangeInput)MemberwiseClone();
    }

    public sealed class DayInput
    {
        public bool Works { get; set; }
        public List<RangeInput> Ranges { get; set; } = [];
    }

    public sealed class InputModel
    {
        public string Timezone { get; set; } = "";
        public List<DayInput> Days { get; set; } = [];
        public int? BufferMinutes { get; set; }
        public int? MinNoticeMinutes { get; set; }
        public int? MaxAdvanceDays { get; set; }

        /// <summary>The provider's explicit choice, offered only after a save named the bookings new hours would strand.</summary>
        public bool CancelAffected { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>"add-2", "remove-2-1", "copy-0" (to the days ticked), "copy-0-weekdays", "copy-0-all": which editing button was pressed; none means save.</summary>
    [BindProperty(Name = "command")]
    public string? Command { get; set; }

    /// <summary>Coming bookings the last save would have left outside the new hours.</summary>
    public IReadOnlyList<AffectedBooking> Affected { get; private set; } = [];

    /// <summary>The input to focus after an editing command (the new range, or the day that was changed).</summary>
    public string? FocusId { get; private set; }

    public IEnumerable<string> ZoneOptions => CommonZones.Contains(Input.Timezone) || string.IsNullOrEmpty(Input.Timezone)
        ? CommonZones
        : CommonZones.Prepend(Input.Timezone);

    public static string DayLabel(string day) => char.ToUpperInvariant(day[0]) + day[1..];

    public static string InputId(int day, int range, string part) => $"Input_Days_{day}__Ranges_{range}__{part}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var schedule = await selfService.GetScheduleAsync(User, ct);
        if (schedule.Error is { } error)
        {
            TempData["Flash"] = error.Message;
            return RedirectToPage("/Provider/Index");
        }
        Fill(schedule.Value!);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Normalise();
        if (Command is { Length: > 0 } command)
        {
            // Editing commands only change the form; nothing is checked or saved until "Save schedule".
            ModelState.Clear();
            Apply(command);
            return Page();
        }

        var sent = new List<(int Day, int Range)>();
        var hours = new List<WorkingHoursRequest?>();
        for (var d = 0; d < Weekdays.Count; d++)
        {
            var day = Input.Days[d];
            if (!day.Works)
            {
                continue;
            }
            var given = day.Ranges.Select((r, i) => (Range: r, Index: i)).Where(x => !IsEmpty(x.Range)).ToList();
            if (given.Count == 0)
            {
                ModelState.AddModelError(InputKey(d, 0, "Start"), $"{DayLabel(Weekdays[d])}: give the working hours, or switch the day off.");
            }
            foreach (var (range, index) in given)
            {
                if (string.IsNullOrWhiteSpace(range.BreakStart) != string.IsNullOrWhiteSpace(range.BreakEnd))
                {
                    ModelState.AddModelError(InputKey(d, index, string.IsNullOrWhiteSpace(range.BreakStart) ? "BreakStart" : "BreakEnd"),
                        $"{DayLabel(Weekdays[d])}: give both ends of the break, or clear it.");
                    continue;
                }
                List<BreakRequest?> breaks = string.IsNullOrWhiteSpace(range.BreakStart) ? [] : [new BreakRequest(range.BreakStart, range.BreakEnd)];
                sent.Add((d, index));
                hours.Add(new WorkingHoursRequest(Weekdays[d], range.Start, range.End, breaks));
            }
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var saved = await selfService.UpdateScheduleAsync(User,
            new ScheduleRequest(Input.Timezone, hours, Input.BufferMinutes, Input.MinNoticeMinutes, Input.MaxAdvanceDays, null,
                CancelAffected: Input.CancelAffected), ct);
        if (saved.Error is { } error)
        {
            AddScheduleErrors(error, sent);
            return Page();
        }
        TempData["Flash"] = Input.CancelAffected ? "Schedule saved. The affected bookings were cancelled and their customers told." : "Schedule saved.";
        return RedirectToPage();
    }

    public string? ErrorFor(string key) =>
        ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null;

    public static string InputKey(int day, int range, string part) => $"Input.Days[{day}].Ranges[{range}].{part}";

    /// <summary>Errors of one day's row, shown under the row as well as next to their inputs.</summary>
    public bool DayHasErrors(int day) => ModelState.Any(kv => kv.Key.StartsWith($"Input.Days[{day}].", StringComparison.Ordinal) && kv.Value is { Errors.Count: > 0 });

    private static bool IsEmpty(RangeInput range) =>
        string.IsNullOrWhiteSpace(range.Start) && string.IsNullOrWhiteSpace(range.End)
        && string.IsNullOrWhiteSpace(range.BreakStart) && string.IsNullOrWhiteSpace(range.BreakEnd);

    /// <summary>Seven days, each with at least one range (a day off keeps a suggestion ready for when it is switched on).</summary>
    private void Normalise()
    {
        Input.Days = Weekdays.Select((_, i) => i < Input.Days.Count ? Input.Days[i] : new DayInput()).ToList();
        foreach (var day in Input.Days)
        {
            day.Ranges = day.Ranges.Take(MaxRangesPerDay).ToList();
            if (day.Ranges.Count == 0)
            {
                day.Ranges.Add(new RangeInput { Start = "09:00", End = "17:00" });
            }
        }
    }

    private void Apply(string command)
    {
        var parts = command.Split('-');
        int Arg(int i) => i < parts.Length && int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
        var d = Arg(1);
        if (d < 0 || d >= Weekdays.Count)
        {
            return;
        }
        var day = Input.Days[d];
        switch (parts[0])
        {
            case "add" when day.Ranges.Count < MaxRangesPerDay:
                // A new range starts where the last one ended, an hour long, as a sensible default to edit.
                var last = day.Ranges[^1];
                var from = TimeOnly.TryParse(last.End, CultureInfo.InvariantCulture, out var end) && end < new TimeOnly(23, 0) ? end.AddHours(1) : new TimeOnly(18, 0);
                day.Ranges.Add(new RangeInput { Start = from.ToString("HH:mm", CultureInfo.InvariantCulture), End = from.AddHours(2).ToString("HH:mm", CultureInfo.InvariantCulture) });
                day.Works = true;
                FocusId = InputId(d, day.Ranges.Count - 1, "Start");
                break;
            case "remove" when Arg(2) is var r and >= 0 && r < day.Ranges.Count:
                day.Ranges.RemoveAt(r);
                if (day.Ranges.Count == 0)
                {
                    day.Works = false;
                    day.Ranges.Add(new RangeInput { Start = "09:00", End = "17:00" });
                }
                FocusId = InputId(d, Math.Max(0, r - 1), "Start");
                break;
            case "copy":
                var targets = CopyTargets(d, parts.Length > 2 ? parts[2] : null);
                if (targets.Count == 0)
                {
                    // Nothing ticked: keep the choice open at its first day rather than guess.
                    ModelState.AddModelError("", $"Tick the days to copy {DayLabel(Weekdays[d])}'s hours to, or use Monday–Friday or every day.");
                    CopyOpen = d;
                    FocusId = $"copy-{d}-to-{(d == 0 ? 1 : 0)}";
                    break;
                }
                foreach (var other in targets)
                {
                    Input.Days[other] = new DayInput { Works = day.Works, Ranges = day.Ranges.Select(x => x.Copy()).ToList() };
                }
                TempData["Flash"] = $"{DayLabel(Weekdays[d])}'s hours copied to {DayList(targets)}. Nothing is saved until you save the schedule.";
                FocusId = $"copy-{d}";
                CopyOpen = d;
                _copied = (d, targets);
                break;
        }
    }

    /// <summary>The other days a copy command of day <paramref name="d"/> goes to: Monday–Friday, every day, or those ticked.</summary>
    private List<int> CopyTargets(int d, string? preset) => preset switch
    {
        "weekdays" => Enumerable.Range(0, 5).Where(other => other != d).ToList(),
        "all" => Enumerable.Range(0, Weekdays.Count).Where(other => other != d).ToList(),
        _ => Request.Form[$"copy_to_{d}"]
            .Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var other) ? other : -1)
            .Where(other => other >= 0 && other < Weekdays.Count && other != d)
            .Distinct().Order().ToList(),
    };

    private static string DayList(IReadOnlyList<int> days)
    {
        var names = days.Select(i => DayLabel(Weekdays[i])).ToList();
        return names.Count == 1 ? names[0] : $"{string.Join(", ", names[..^1])} and {names[^1]}";
    }

    private (int From, List<int> To)? _copied;

    /// <summary>The day whose "copy to" choice is shown open after a command, so the provider sees what happened.</summary>
    public int? CopyOpen { get; private set; }

    /// <summary>A day's box stays ticked after copying to it (or after a refused copy, as the provider left it).</summary>
    public bool CopyChecked(int from, int to) => _copied is var (f, targets) && f == from
        ? targets.Contains(to)
        : CopyOpen == from && Request.HasFormContentType && Request.Form[$"copy_to_{from}"].Contains(to.ToString(CultureInfo.InvariantCulture));

    private void Fill(ScheduleView schedule)
    {
        Input = new InputModel
        {
            Timezone = schedule.Timezone,
            BufferMinutes = schedule.BufferMinutes,
            MinNoticeMinutes = schedule.MinNoticeMinutes,
            MaxAdvanceDays = schedule.MaxAdvanceDays,
            Days = Weekdays.Select(day =>
            {
                var ranges = schedule.WeeklyHours.Where(h => h.Day == day).OrderBy(h => h.Start, StringComparer.Ordinal).SelectMany(Ranges).ToList();
                return new DayInput { Works = ranges.Count > 0, Ranges = ranges };
            }).ToList(),
        };
        Normalise();
    }

    /// <summary>
    /// One range per period with its first break; a period the API gave several breaks is split at the later ones,
    /// which leaves exactly the same working time.
    /// </summary>
    private static IEnumerable<RangeInput> Ranges(WorkingHoursView period)
    {
        var breaks = period.Breaks.OrderBy(b => b.Start, StringComparer.Ordinal).ToList();
        var start = period.Start;
        for (var i = 1; i < breaks.Count; i++)
        {
            yield return new RangeInput { Start = start, End = breaks[i].Start, BreakStart = i == 1 ? breaks[0].Start : null, BreakEnd = i == 1 ? breaks[0].End : null };
            start = breaks[i].End;
        }
        var first = breaks.Count == 1 ? breaks[0] : null;
        yield return new RangeInput { Start = start, End = period.End, BreakStart = first?.Start, BreakEnd = first?.End };
    }

    /// <summary>Puts the service's "weekly_hours[n]..." errors next to the range they came from; a stranded-bookings conflict lists them.</summary>
    private void AddScheduleErrors(DomainError error, List<(int Day, int Range)> sent)
    {
        if (error.Kind == ErrorKind.Conflict && error.Extensions?.GetValueOrDefault("bookings") is IReadOnlyList<AffectedBooking> affected)
        {
            Affected = affected;
            ModelState.AddModelError("Input.CancelAffected", affected.Count == 1
                ? "1 coming booking falls outside these hours. Move it first, or choose to cancel it below."
                : $"{affected.Count} coming bookings fall outside these hours. Move them first, or choose to cancel them below.");
            return;
        }
        var rest = new Dictionary<string, string[]>();
        foreach (var (field, messages) in error.Fields ?? new Dictionary<string, string[]>())
        {
            var match = PeriodField().Match(field);
            if (!match.Success)
            {
                rest[field] = messages;
                continue;
            }
            var request = int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
            var (day, range) = request < sent.Count ? sent[request] : (0, 0);
            var part = match.Groups["part"].Value switch
            {
                ".start" => "Start",
                ".end" => "End",
                ".breaks[0].start" => "BreakStart",
                ".breaks[0].end" or ".breaks[0]" => "BreakEnd",
                _ => "Start",
            };
            foreach (var message in messages)
            {
                ModelState.AddModelError(InputKey(day, range, part), $"{DayLabel(Weekdays[day])}: {Speak(message)}");
            }
        }
        if (rest.Count > 0 || error.Fields is not { Count: > 0 })
        {
            ModelState.AddDomainError(error with { Fields = rest.Count > 0 ? rest : null }, "Input");
        }
    }

    // The service speaks the API's terms; the form has "from" and "to" fields, not a JSON "start".
    private static string Speak(string message) => message
        .Replace("Must be after start.", "the end must be after the start.", StringComparison.Ordinal)
        .Replace("Use a time HH:mm", "use a time like 08:00", StringComparison.Ordinal);

    [GeneratedRegex(@"^weekly_hours\[(?<n>\d+)\](?<part>.*)$")]
    private static partial Regex PeriodField();
}
