using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Features.Reviews;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HomeSer.Web.Pages.Bookings;

/// <summary>One booking for its customer or provider, with the moves each of them may make next.</summary>
[Authorize]
public sealed class DetailsModel(BookingService bookings, BookingSeriesService series, ReviewService reviews, ActorResolver actors, HomeSerDbContext db, TimeProvider clock) : PageModel
{
    public sealed class ReviewInput
    {
        public int? Rating { get; set; }
        public string? Comment { get; set; }
    }

    [BindProperty]
    public string? CancelReason { get; set; }

    [BindProperty]
    public ReviewInput Review { get; set; } = new();

    public BookingView Booking { get; private set; } = null!;
    public BookingLabels Labels { get; private set; } = null!;
    public bool IsCustomer { get; private set; }
    public bool IsProvider { get; private set; }
    public bool IsReviewed { get; private set; }

    /// <summary>What the signed-in party may do next, as the booking itself answers it.</summary>
    public BookingMoves Moves { get; private set; }

    /// <summary>The customer's own review of this booking, shown back to them once sent.</summary>
    public BookingReview? MyReview { get; private set; }
    public bool HasStarted { get; private set; }

    /// <summary>The recurring series this booking is a visit of, with how many visits from this one on may still be cancelled.</summary>
    public SeriesOfBookingModel? Series { get; private set; }

    /// <summary>Why the last action was refused, in words for the person who tried it.</summary>
    public string? ActionError { get; private set; }

    public bool CanCancel => Moves.HasFlag(BookingMoves.Cancel);
    // Moving happens in the customer's calendar (Services/Details?reschedule=); others move through the API.
    public bool CanReschedule => IsCustomer && Moves.HasFlag(BookingMoves.Reschedule);
    public bool CanConfirm => Moves.HasFlag(BookingMoves.Confirm);
    public bool CanStart => Moves.HasFlag(BookingMoves.Start);
    public bool CanComplete => Moves.HasFlag(BookingMoves.Complete);
    public bool CanMarkNoShow => Moves.HasFlag(BookingMoves.NoShow);
    public bool CanReview => Moves.HasFlag(BookingMoves.Review) && !IsReviewed;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var actor = await actors.ResolveAsync(User, cancellationToken);
        return await ShowAsync(actor!, id, cancellationToken) ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostCancelAsync(int id, CancellationToken cancellationToken) =>
        ActAsync(id, (actor, ct) => bookings.CancelAsync(actor, id, string.IsNullOrWhiteSpace(CancelReason) ? null : CancelReason.Trim(), ct),
            "Booking cancelled.", cancellationToken);

    public Task<IActionResult> OnPostConfirmAsync(int id, CancellationToken cancellationToken) =>
        ActAsync(id, (actor, ct) => bookings.ConfirmAsync(actor, id, ct), "Booking confirmed. The customer has been told.", cancellationToken);

    public Task<IActionResult> OnPostStartAsync(int id, CancellationToken cancellationToken) =>
        ActAsync(id, (actor, ct) => bookings.StartAsync(actor, id, ct), "Job started.", cancellationToken);

    public Task<IActionResult> OnPostCompleteAsync(int id, CancellationToken cancellationToken) =>
        ActAsync(id, (actor, ct) => bookings.CompleteAsync(actor, id, ct), "Job completed.", cancellationToken);

    public Task<IActionResult> OnPostNoShowAsync(int id, CancellationToken cancellationToken) =>
        ActAsync(id, (actor, ct) => bookings.MarkNoShowAsync(actor, id, ct), "Marked as no-show.", cancellationToken);

    public async Task<IActionResult> OnPostReviewAsync(int id, CancellationToken cancellationToken)
    {
        var actor = await actors.ResolveAsync(User, cancellationToken);
        var result = await reviews.CreateAsync(actor!, id, new ReviewRequest(Review.Rating, Review.Comment), cancellationToken);
        if (result.Error is { Kind: ErrorKind.Validation } invalid)
        {
            ModelState.AddDomainError(invalid, "Review");
            return await ShowRefusedAsync(actor!, id, null, StatusCodes.Status400BadRequest, cancellationToken);
        }
        return result.Error is { } error
            ? await RefuseAsync(actor!, id, error, cancellationToken)
            : Done(id, "Thank you for your review.");
    }

    private async Task<IActionResult> ActAsync(int id, Func<Actor, CancellationToken, Task<Result<BookingView>>> action, string done, CancellationToken ct)
    {
        var actor = await actors.ResolveAsync(User, ct);
        var result = await action(actor!, ct);
        return result.Error is { } error ? await RefuseAsync(actor!, id, error, ct) : Done(id, done);
    }

    private IActionResult Done(int id, string flash)
    {
        TempData["Flash"] = flash;
        return Redirect($"/Bookings/{id}");
    }

    private Task<IActionResult> RefuseAsync(Actor actor, int id, DomainError error, CancellationToken ct)
    {
        if (error.Kind == ErrorKind.NotFound)
        {
            return Task.FromResult<IActionResult>(NotFound());
        }
        var message = error.Kind switch
        {
            ErrorKind.NotModifiable => $"This booking can no longer be changed that way: {error.Message}",
            ErrorKind.Forbidden => $"You cannot do that: {error.Message}",
            _ => error.Fields is { Count: > 0 } fields ? string.Join(" ", fields.Values.SelectMany(m => m)) : error.Message,
        };
        return ShowRefusedAsync(actor, id, message, Problems.Status(error.Kind), ct);
    }

    private async Task<IActionResult> ShowRefusedAsync(Actor actor, int id, string? message, int status, CancellationToken ct)
    {
        if (!await ShowAsync(actor, id, ct))
        {
            return NotFound();
        }
        ActionError = message;
        Response.StatusCode = status;
        return Page();
    }

    private async Task<bool> ShowAsync(Actor actor, int id, CancellationToken ct)
    {
        var result = await bookings.GetAsync(actor, id, ct);
        if (result.Value is not { } booking)
        {
            return false;
        }
        Booking = booking;
        Labels = (await db.BookingLabelsAsync([id], ct))[id];
        IsCustomer = booking.Customer == actor.UserId;
        IsProvider = actor.ProviderId == booking.Provider;
        Moves = booking.AllowedMoves(actor, clock.GetUtcNow().UtcDateTime, Labels.TimeZoneId);
        IsReviewed = Moves.HasFlag(BookingMoves.Review) && await db.IsReviewedAsync(id, ct);
        MyReview = IsReviewed && IsCustomer ? (await db.ReviewsOfAsync([id], ct)).GetValueOrDefault(id) : null;
        HasStarted = clock.GetUtcNow().UtcDateTime >= booking.StartTime;
        if (booking.Series is { } seriesId && (await series.GetAsync(actor, seriesId, ct)).Value is { } visits)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            // Offered only where this visit itself may be cancelled; each later one answers for itself.
            var cancellable = Moves.HasFlag(BookingMoves.Cancel)
                ? visits.Bookings.Count(b => b.StartTime >= booking.StartTime && b.AllowedMoves(actor, now, Labels.TimeZoneId).HasFlag(BookingMoves.Cancel))
                : 0;
            Series = new SeriesOfBookingModel(visits, booking.Id, booking.StartTime, Labels.TimeZoneId, cancellable);
        }
        return true;
    }
}
