using System.Globalization;
using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HomeSer.Web.Pages.Bookings;

/// <summary>
/// Confirms moving a booking to the slot picked in the service calendar. The form carries the version the customer saw,
/// so a booking changed meanwhile is refused rather than silently moved.
/// </summary>
[Authorize(Roles = Roles.Customer)]
public sealed class RescheduleModel(BookingService bookings, ActorResolver actors, HomeSerDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty]
    public string Start { get; set; } = "";

    [BindProperty]
    public int Version { get; set; }

    public BookingView Booking { get; private set; } = null!;
    public BookingLabels Labels { get; private set; } = null!;
    public DateTime NewStartUtc { get; private set; }

    /// <summary>Set when the slot was taken meanwhile: the message and the nearest free starts instead.</summary>
    public string? ConflictMessage { get; private set; }
    public IReadOnlyList<SlotView> Alternatives { get; private set; } = [];

    /// <summary>Set when the booking changed since the customer opened this page.</summary>
    public string? StaleMessage { get; private set; }

    /// <summary>Why the new time itself is refused (too soon, outside hours) or why the booking cannot move.</summary>
    public string? Refusal { get; private set; }

    public bool CanMove { get; private set; }

    /// <summary>The booking was confirmed, so the new time waits for the provider again.</summary>
    public bool NeedsReconfirmation => Booking.MoveNeedsReconfirmation();

    public string CalendarUrl => $"/Services/{Booking.Service}?reschedule={Booking.Id}";

    public async Task<IActionResult> OnGetAsync(int id, [FromQuery(Name = "start")] string? start, CancellationToken cancellationToken)
    {
        var actor = await actors.ResolveAsync(User, cancellationToken);
        if (!await LoadAsync(actor!, id, cancellationToken))
        {
            return NotFound();
        }
        if (ParseUtc(start) is not { } startUtc)
        {
            return Redirect(CalendarUrl);
        }
        NewStartUtc = startUtc;
        Start = Display.IsoUtc(startUtc);
        Version = Booking.Version;
        if (!CanMove)
        {
            Refusal = $"A {BookingDisplay.StatusText(Booking.Status).ToLowerInvariant()} booking cannot be moved.";
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        var actor = await actors.ResolveAsync(User, cancellationToken);
        if (ParseUtc(Start) is not { } startUtc)
        {
            return BadRequest();
        }
        var result = await bookings.UpdateAsync(actor!, id, new BookingPatch(null, null, startUtc, null, Version), cancellationToken);
        if (result.Value is { } moved)
        {
            var zone = (await db.BookingLabelsAsync([id], cancellationToken))[id].TimeZoneId;
            var when = Display.TimeWithZone(moved.StartTime, zone);
            TempData["Flash"] = moved.AwaitsReconfirmation()
                ? $"Moved to {when}; the provider will confirm the new time."
                : $"Moved to {when}.";
            return Redirect($"/Bookings/{id}");
        }

        var error = result.Error!;
        if (error.Kind == ErrorKind.NotFound || !await LoadAsync(actor!, id, cancellationToken))
        {
            return NotFound();
        }
        NewStartUtc = startUtc;
        Response.StatusCode = Problems.Status(error.Kind);
        if (error.Kind == ErrorKind.Conflict && error.Fields?.ContainsKey("version") == true)
        {
            StaleMessage = $"This booking changed while you were choosing (it is now {BookingDisplay.StatusText(Booking.Status)}). "
                + "Reload this page to see it as it is now, then confirm again.";
        }
        else if (error.Kind == ErrorKind.Conflict)
        {
            ConflictMessage = $"That time was just taken. {error.Message}";
            Alternatives = NearestSlots.OfferedBy(error);
        }
        else
        {
            Refusal = error.Fields is { Count: > 0 } fields ? string.Join(" ", fields.Values.SelectMany(m => m)) : error.Message;
        }
        return Page();
    }

    public string MoveUrl(SlotView slot) => $"/Bookings/{Booking.Id}/Reschedule?start={Uri.EscapeDataString(Display.IsoUtc(slot.StartTime))}";

    private async Task<bool> LoadAsync(Actor actor, int id, CancellationToken ct)
    {
        if ((await bookings.GetAsync(actor, id, ct)).Value is not { } booking || booking.Customer != actor.UserId)
        {
            return false;
        }
        Booking = booking;
        Labels = (await db.BookingLabelsAsync([id], ct))[id];
        CanMove = booking.AllowedMoves(actor, clock.GetUtcNow().UtcDateTime, Labels.TimeZoneId).HasFlag(BookingMoves.Reschedule);
        return true;
    }

    private static DateTime? ParseUtc(string? text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var utc)
            ? DateTime.SpecifyKind(utc, DateTimeKind.Utc)
            : null;
}
