using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HomeSer.Web.Pages.Bookings;

/// <summary>A recurring booking: its visits, the ones that could not be booked with free times near them, and cancelling from a visit on.</summary>
[Authorize]
public sealed class SeriesModel(BookingSeriesService series, ActorResolver actors, HomeSerDbContext db, TimeProvider clock) : PageModel
{
    /// <summary>The first visit cancelled: "this and following" posts the visit's start; empty means from now.</summary>
    [BindProperty]
    public string? From { get; set; }

    [BindProperty]
    public string? CancelReason { get; set; }

    /// <summary>The booking page to go back to after cancelling from it.</summary>
    [BindProperty]
    public int? ReturnTo { get; set; }

    public SeriesView Series { get; private set; } = null!;
    public BookingLabels Labels { get; private set; } = null!;
    public IReadOnlyList<SeriesConflict> SkippedAhead { get; private set; } = [];

    /// <summary>Upcoming visits the signed-in party may still cancel, as each booking answers it.</summary>
    public IReadOnlyList<BookingView> Cancellable { get; private set; } = [];
    public string? ActionError { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var actor = await actors.ResolveAsync(User, cancellationToken);
        return await ShowAsync(actor!, id, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostCancelAsync(int id, CancellationToken cancellationToken)
    {
        var actor = await actors.ResolveAsync(User, cancellationToken);
        DateTime? from = null;
        if (!string.IsNullOrWhiteSpace(From))
        {
            if (!CalendarDates.TryParseInstant(From, out var parsed))
            {
                return BadRequest();
            }
            from = parsed;
        }
        var result = await series.CancelAsync(actor!, id, string.IsNullOrWhiteSpace(CancelReason) ? null : CancelReason.Trim(), from, cancellationToken);
        if (result.Error is { Kind: ErrorKind.NotFound })
        {
            return NotFound();
        }
        if (result.Error is { } error)
        {
            if (!await ShowAsync(actor!, id, cancellationToken))
            {
                return NotFound();
            }
            ActionError = error.Fields is { Count: > 0 } fields ? string.Join(" ", fields.Values.SelectMany(m => m)) : error.Message;
            Response.StatusCode = Problems.Status(error.Kind);
            return Page();
        }
        TempData["Flash"] = "The visits were cancelled; the provider has been told.";
        return Redirect(ReturnTo is { } booking ? $"/Bookings/{booking}" : $"/Bookings/Series/{id}");
    }

    private async Task<bool> ShowAsync(Actor actor, int id, CancellationToken ct)
    {
        if ((await series.GetAsync(actor, id, ct)).Value is not { } found || found.Bookings.Count == 0)
        {
            return false;
        }
        Series = found;
        Labels = (await db.BookingLabelsAsync([found.Bookings[0].Id], ct))[found.Bookings[0].Id];
        SkippedAhead = await series.SkippedAheadAsync(found, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        Cancellable = found.Bookings.Where(b => b.StartTime >= now && b.AllowedMoves(actor, now, Labels.TimeZoneId).HasFlag(BookingMoves.Cancel)).ToList();
        return true;
    }

    public static string Every(RecurrenceView recurrence) => recurrence.Frequency switch
    {
        "weekly" => "Every week",
        "every_2_weeks" => "Every 2 weeks",
        _ => "Every 4 weeks",
    };
}
