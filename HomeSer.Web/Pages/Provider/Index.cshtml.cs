using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Admin;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Infrastructure;
using Htmx;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace HomeSer.Web.Pages.Provider;

/// <summary>The provider's dashboard: requests to answer, today's jobs and what comes next; each action swaps its row under htmx.</summary>
[Authorize(Roles = Roles.Provider)]
public sealed class IndexModel(BookingService bookings, ActorResolver actors, HomeSerDbContext db, TimeProvider clock,
    IOptions<BookingOptions> bookingOptions) : PageModel
{
    private readonly ProviderJobs jobs = new(db, clock, bookingOptions.Value.PendingExpiryHours);

    public ProviderJobs.Dashboard? Jobs { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = await actors.ResolveAsync(User, ct);
        Jobs = actor?.ProviderId is { } providerId ? await jobs.LoadAsync(providerId, ct) : null;
    }

    public Task<IActionResult> OnPostConfirmAsync(int id, CancellationToken ct) =>
        ActAsync(id, actor => bookings.ConfirmAsync(actor, id, ct), "Booking confirmed.", ct);

    public Task<IActionResult> OnPostDeclineAsync(int id, string? reason, CancellationToken ct) =>
        ActAsync(id, actor => bookings.CancelAsync(actor, id, string.IsNullOrWhiteSpace(reason) ? "Declined by the provider." : reason.Trim(), ct),
            "Booking declined.", ct);

    public Task<IActionResult> OnPostStartAsync(int id, CancellationToken ct) =>
        ActAsync(id, actor => bookings.StartAsync(actor, id, ct), "Job started.", ct);

    public Task<IActionResult> OnPostCompleteAsync(int id, CancellationToken ct) =>
        ActAsync(id, actor => bookings.CompleteAsync(actor, id, ct), "Job completed.", ct);

    public Task<IActionResult> OnPostNoShowAsync(int id, CancellationToken ct) =>
        ActAsync(id, actor => bookings.MarkNoShowAsync(actor, id, ct), "Marked as no-show.", ct);

    private async Task<IActionResult> ActAsync(int id, Func<Actor, Task<Result<BookingView>>> act, string done, CancellationToken ct)
    {
        var actor = await actors.ResolveAsync(User, ct);
        if (actor?.ProviderId is not { } providerId)
        {
            return Forbid();
        }
        var result = await act(actor);
        var message = result.Error is { } error ? BackofficeText.Describe(error) : done;
        if (Request.IsHtmx())
        {
            var row = await jobs.FindAsync(providerId, id, ct);
            return row is null ? NotFound() : Partial("_JobRow", row with { Message = message, IsError = !result.IsSuccess });
        }
        TempData["Flash"] = message;
        return RedirectToPage();
    }
}
