using System.Text.Json;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Calendar;
using HomeSer.Web.Features.Privacy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace HomeSer.Web.Pages.Account;

/// <summary>
/// The signed-in person's account: who they are, their calendar feed, their data to download, and the way to close the
/// account.
/// </summary>
[Authorize]
public sealed class IndexModel(AccountDataExport export, ActorResolver actors, CalendarService calendars, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
    TimeProvider clock) : PageModel
{
    public ExportedAccount? Account { get; private set; }
    public bool IsCustomer { get; private set; }
    public bool IsProvider { get; private set; }

    /// <summary>The private feed URL a calendar app subscribes to.</summary>
    public string FeedUrl { get; private set; } = "";

    /// <summary>Set right after "Reset link": the old address no longer works.</summary>
    [TempData]
    public bool FeedReset { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await actors.ResolveAsync(User, ct) is not { } actor || await export.ExportAsync(actor.UserId, ct) is not { } data)
        {
            return Challenge();
        }
        Account = data.Account;
        IsCustomer = actor.IsCustomer;
        IsProvider = actor.IsProvider;
        FeedUrl = (await calendars.FeedUrlAsync(actor.UserId, ct)).Url;
        return Page();
    }

    /// <summary>"Reset link": a new feed address; calendars subscribed to the old one stop updating.</summary>
    public async Task<IActionResult> OnPostResetFeedAsync(CancellationToken ct)
    {
        if (await actors.ResolveAsync(User, ct) is not { } actor)
        {
            return Challenge();
        }
        await calendars.RotateAsync(actor.UserId, ct);
        FeedReset = true;
        return RedirectToPage();
    }

    /// <summary>The same JSON as <c>GET /api/auth/me/data/</c>, as a file download.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        if (await actors.ResolveAsync(User, ct) is not { } actor || await export.ExportAsync(actor.UserId, ct) is not { } data)
        {
            return Challenge();
        }
        var options = new JsonSerializerOptions(json.Value.SerializerOptions) { WriteIndented = true };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(data, options);
        var day = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return File(bytes, "application/json", $"homeser-data-{day}.json");
    }
}
