using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Admin;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HomeSer.Web.Pages.Admin;

/// <summary>Providers waiting for verification: verify, or reject with a reason.</summary>
[Authorize(Roles = Roles.Admin)]
public sealed class ProvidersModel(AdminService admin, ActorResolver actors) : PageModel
{
    public PagedList<VerificationQueueItem> Queue { get; private set; } = new(0, []);
    public Pager Pager { get; private set; } = null!;

    public async Task OnGetAsync(int? p, CancellationToken ct)
    {
        var page = Math.Max(1, p ?? 1);
        Queue = await admin.ListVerificationQueueAsync(new PageRequest(page, PageRequest.DefaultPageSize), ct);
        Pager = Pager.For(Request, page, Queue.Count, PageRequest.DefaultPageSize, "Queue pages");
    }

    public async Task<IActionResult> OnPostVerifyAsync(int id, CancellationToken ct)
    {
        var actor = await actors.ResolveAsync(User, ct);
        var result = await admin.VerifyProviderAsync(actor!, id, ct);
        TempData["Flash"] = result.Error is { } error ? BackofficeText.Describe(error) : $"{result.Value!.DisplayName} is verified and was notified.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRejectAsync(int id, string? reason, CancellationToken ct)
    {
        var actor = await actors.ResolveAsync(User, ct);
        var result = await admin.RejectProviderAsync(actor!, id, reason, ct);
        TempData["Flash"] = result.Error is { } error ? BackofficeText.Describe(error) : $"{result.Value!.DisplayName} was rejected and notified.";
        return RedirectToPage();
    }
}
