using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Catalog;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HomeSer.Web.Pages.Bookings;

/// <summary>My bookings: one page of the caller's bookings, split into what is coming and what is over.</summary>
[Authorize]
public sealed class IndexModel(BookingService bookings, ActorResolver actors, HomeSerDbContext db, TimeProvider clock) : PageModel
{
    private const int PageSize = 10;

    /// <summary>One booking with the moves the viewer may make on it; <c>Reviewed</c> when its review was sent.</summary>
    public sealed record Row(BookingView Booking, BookingLabels Labels, bool Reviewed = false, BookingMoves Moves = BookingMoves.None)
    {
        /// <summary>A finished job the viewer may review and has not: the list offers "Rate this job".</summary>
        public bool AsksForReview => Moves.HasFlag(BookingMoves.Review) && !Reviewed;
    }

    public IReadOnlyList<Row> Upcoming { get; private set; } = [];
    public IReadOnlyList<Row> Past { get; private set; } = [];
    public int PageNumber { get; private set; } = 1;
    public int Count { get; private set; }
    public bool HasPrevious => PageNumber > 1;
    public bool HasNext => PageNumber * PageSize < Count;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        // Read from the query string itself: for model binding "page" is the Razor Pages route value.
        PageNumber = int.TryParse(Request.Query["page"].FirstOrDefault(), out var asked) && asked > 0 ? asked : 1;
        var actor = await actors.ResolveAsync(User, cancellationToken);
        var result = await bookings.ListAsync(actor!, new BookingListQuery(null, PageNumber, PageSize), cancellationToken);
        if (result.Error is { } error)
        {
            return BadRequest(error.Message);
        }
        Count = result.Value!.Count;
        var page = result.Value.Results;
        var labels = await db.BookingLabelsAsync(page.Select(b => b.Id).ToList(), cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var reviews = await db.ReviewsOfAsync(page.Select(b => b.Id).ToList(), cancellationToken);
        var rows = page.Select(b => new Row(b, labels[b.Id], reviews.ContainsKey(b.Id), b.AllowedMoves(actor!, now))).ToList();
        // The service lists newest start first; upcoming reads better soonest first.
        Upcoming = rows.Where(r => r.Booking.ScheduledEndTime > now && !r.Booking.IsFinal())
            .OrderBy(r => r.Booking.StartTime).ToList();
        Past = rows.Except(Upcoming).ToList();
        return Page();
    }
}
