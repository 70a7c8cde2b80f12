using System.Globalization;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Admin;
using HomeSer.Web.Features.Providers;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HomeSer.Web.Pages.Provider;

/// <summary>The provider's coming time off: list, add (wall-clock times in the provider's zone), delete.</summary>
[Authorize(Roles = Roles.Provider)]
public sealed class TimeOffModel(ProviderSelfService selfService) : PageModel
{
    public sealed class InputModel
    {
        public DateTime? Start { get; set; }
        public DateTime? End { get; set; }
        public string? Reason { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string TimeZoneId { get; private set; } = "UTC";
    public PagedList<TimeOffView> Items { get; private set; } = new(0, []);
    public int PageNumber { get; private set; } = 1;
    public int LastPage => Math.Max(1, (Items.Count + PageRequest.DefaultPageSize - 1) / PageRequest.DefaultPageSize);

    public async Task<IActionResult> OnGetAsync(int? p, CancellationToken ct) => await LoadAsync(p, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(1, ct) is { } failed)
        {
            return failed;
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        DateTime? start = null, end = null;
        if (Input.Start is { } localStart && (start = BackofficeText.ToUtc(localStart, TimeZoneId)) is null)
        {
            ModelState.AddModelError("Input.Start", $"This time does not exist in {TimeZoneId} (the clocks go forward then).");
        }
        if (Input.End is { } localEnd && (end = BackofficeText.ToUtc(localEnd, TimeZoneId)) is null)
        {
            ModelState.AddModelError("Input.End", $"This time does not exist in {TimeZoneId} (the clocks go forward then).");
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var created = await selfService.CreateTimeOffAsync(User, new TimeOffRequest(start, end, Input.Reason), ct);
        if (created.Error is { } error)
        {
            var renamed = error.Fields?.ToDictionary(f => f.Key switch { "start_time" => "start", "end_time" => "end", _ => f.Key }, f => f.Value);
            ModelState.AddDomainError(error with { Fields = renamed }, "Input");
            return Page();
        }
        TempData["Flash"] = "Time off added.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken ct)
    {
        var deleted = await selfService.DeleteTimeOffAsync(User, id, ct);
        TempData["Flash"] = deleted.Error is { } error ? BackofficeText.Describe(error) : "Time off deleted.";
        return RedirectToPage();
    }

    public string Local(DateTime utc) => HomeSer.Web.Pages.Display.Time(utc, TimeZoneId);

    public static string InputValue(DateTime? value) => value?.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture) ?? "";

    private async Task<IActionResult?> LoadAsync(int? page, CancellationToken ct)
    {
        var schedule = await selfService.GetScheduleAsync(User, ct);
        if (schedule.Error is { } error)
        {
            TempData["Flash"] = error.Message;
            return RedirectToPage("/Provider/Index");
        }
        TimeZoneId = schedule.Value!.Timezone;
        PageNumber = Math.Max(1, page ?? 1);
        var list = await selfService.ListTimeOffAsync(User, new PageRequest(PageNumber, PageRequest.DefaultPageSize), ct);
        Items = list.Value ?? new PagedList<TimeOffView>(0, []);
        return null;
    }
}
