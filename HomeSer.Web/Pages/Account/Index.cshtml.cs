using System.Text.Json;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Privacy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace HomeSer.Web.Pages.Account;

/// <summary>The signed-in person's account: who they are, their data to download, and the way to close the account.</summary>
[Authorize]
public sealed class IndexModel(AccountDataExport export, ActorResolver actors, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider clock) : PageModel
{
    public ExportedAccount? Account { get; private set; }
    public bool IsCustomer { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await actors.ResolveAsync(User, ct) is not { } actor || await export.ExportAsync(actor.UserId, ct) is not { } data)
        {
            return Challenge();
        }
        Account = data.Account;
        IsCustomer = actor.IsCustomer;
        return Page();
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
