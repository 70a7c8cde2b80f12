using System.Text.RegularExpressions;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Providers;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HomeSer.Web.Pages.Provider;

/// <summary>Weekly hours and scheduling rules, saved through the same self-service (and validation) as the API.</summary>
[Authorize(Roles = Roles.Provider)]
public sealed partial class ScheduleModel(ProviderSelfService selfService) : PageModel
{
    public static readonly IReadOnlyList<string> Weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    public static readonly IReadOnlyList<string> CommonZones =
    [
        "Europe/Amsterdam", "Europe/Athens", "Europe/Berlin", "Europe/Brussels", "Europe/Dublin", "Europe/Helsinki", "Europe/Lisbon",
        "Europe/London", "Europe/Madrid", "Europe/Paris", "Europe/Prague", "Europe/Rome", "Europe/Stockholm", "Europe/Vienna",
        "Europe/Warsaw", "Europe/Zurich", "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
        "America/Sao_Paulo", "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore", "Asia/Tokyo", "Australia/Sydney", "UTC",
    ];

    public sealed class DayInput
    {
        public string Day { get; set; } = "";
        public string? Start { get; set; }
        public string? End { get; set; }
        public string? BreakStart { get; set; }
        public string? BreakEnd { get; set; }
    }

    public sealed class InputModel
    {
        public string Timezone { get; set; } = "";
        public List<DayInput> Days { get; set; } = [];
        public int? BufferMinutes { get; set; }
        public int? MinNoticeMinutes { get; set; }
        public int? MaxAdvanceDays { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IEnumerable<string> ZoneOptions => CommonZones.Contains(Input.Timezone) || string.IsNullOrEmpty(Input.Timezone)
        ? CommonZones
        : CommonZones.Prepend(Input.Timezone);

    public static string DayLabel(string day) => char.ToUpperInvariant(day[0]) + day[1..];

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
        Input.Days = Weekdays.Select((day, i) => i < Input.Days.Count ? Input.Days[i] : new DayInput()).ToList();
        for (var i = 0; i < Weekdays.Count; i++)
        {
            Input.Days[i].Day = Weekdays[i];
        }

        // A day with no hours given is a day off; a break needs both ends (a half-given break goes through, so it is reported).
        var sent = new List<int>();
        var hours = new List<WorkingHoursRequest?>();
        for (var i = 0; i < Input.Days.Count; i++)
        {
            var day = Input.Days[i];
            if (string.IsNullOrWhiteSpace(day.Start) && string.IsNullOrWhiteSpace(day.End))
            {
                if (!string.IsNullOrWhiteSpace(day.BreakStart) || !string.IsNullOrWhiteSpace(day.BreakEnd))
                {
                    ModelState.AddModelError($"Input.Days[{i}].Start", "Give the working hours around the break, or clear the break.");
                }
                continue;
            }
            var breaks = string.IsNullOrWhiteSpace(day.BreakStart) && string.IsNullOrWhiteSpace(day.BreakEnd)
                ? new List<BreakRequest?>()
                : [new BreakRequest(day.BreakStart, day.BreakEnd)];
            sent.Add(i);
            hours.Add(new WorkingHoursRequest(day.Day, day.Start, day.End, breaks));
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var saved = await selfService.UpdateScheduleAsync(User,
            new ScheduleRequest(Input.Timezone, hours, Input.BufferMinutes, Input.MinNoticeMinutes, Input.MaxAdvanceDays, null), ct);
        if (saved.Error is { } error)
        {
            AddScheduleErrors(error, sent);
            return Page();
        }
        TempData["Flash"] = "Schedule saved.";
        return RedirectToPage();
    }

    public string? ErrorFor(string key) =>
        ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null;

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
                // The form shows one period per day; a day with several keeps its first here.
                var period = schedule.WeeklyHours.FirstOrDefault(h => h.Day == day);
                var pause = period?.Breaks.FirstOrDefault();
                return new DayInput { Day = day, Start = period?.Start, End = period?.End, BreakStart = pause?.Start, BreakEnd = pause?.End };
            }).ToList(),
        };
    }

    /// <summary>Puts the service's "weekly_hours[n]..." errors next to the weekday they came from.</summary>
    private void AddScheduleErrors(DomainError error, List<int> sent)
    {
        var rest = new Dictionary<string, string[]>();
        foreach (var (field, messages) in error.Fields ?? new Dictionary<string, string[]>())
        {
            var match = PeriodField().Match(field);
            if (!match.Success)
            {
                rest[field] = messages;
                continue;
            }
            var request = int.Parse(match.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var day = request < sent.Count ? sent[request] : 0;
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
                ModelState.AddModelError($"Input.Days[{day}].{part}", message);
            }
        }
        if (rest.Count > 0 || error.Fields is not { Count: > 0 })
        {
            ModelState.AddDomainError(error with { Fields = rest.Count > 0 ? rest : null }, "Input");
        }
    }

    [GeneratedRegex(@"^weekly_hours\[(?<n>\d+)\](?<part>.*)$")]
    private static partial Regex PeriodField();
}
