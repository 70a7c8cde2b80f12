using System.Globalization;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Infrastructure;
using HomeSer.Web.Pages.Bookings;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HomeSer.Web.Pages.Services;

/// <summary>
/// A service, its provider and a week of free slots: the full page to a browser, only the calendar to htmx. With
/// <c>?reschedule={bookingId}</c> (the customer's own movable booking of this service) a slot moves that booking instead.
/// </summary>
public sealed class DetailsModel(CatalogQueries catalog, AvailabilityService availability, BookingService bookings, ActorResolver actors,
    HomeAddresses homes, TimeProvider clock) : PageModel
{
    private const int DaysShown = 7;
    private const int ReviewsShown = 5;

    [BindProperty(SupportsGet = true, Name = "week")]
    public string? Week { get; set; }

    /// <summary>The day of the week whose times are listed; the first day with free time when absent.</summary>
    [BindProperty(SupportsGet = true, Name = "day")]
    public string? Day { get; set; }

    [BindProperty(SupportsGet = true, Name = "reschedule")]
    public int? Reschedule { get; set; }

    /// <summary>The booking being moved, when the page is in reschedule mode.</summary>
    public BookingView? Moving { get; private set; }

    public ServiceDetails Service { get; private set; } = null!;
    public IReadOnlyList<ProviderReviewView> Reviews { get; private set; } = [];
    public CalendarView Calendar { get; private set; } = null!;

    /// <summary>Where the job would be: the booking being moved's address, else the signed-in customer's home.</summary>
    public ServiceAddress? JobAddress { get; private set; }

    /// <summary>Set when that address lies outside the provider's service area (the calendar then has nothing to offer).</summary>
    public double? OutsideAreaKm { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if ((await catalog.GetServiceAsync(id, cancellationToken)).Value is not { } service)
        {
            return NotFound();
        }
        Service = service;
        Moving = await MovableBookingAsync(service, cancellationToken);
        JobAddress = await JobAddressAsync(cancellationToken);
        if (JobAddress is { } job)
        {
            var area = service.Provider.ServiceArea;
            OutsideAreaKm = new ServiceArea(new GeoPoint(area.Latitude, area.Longitude), area.RadiusKm).OutsideBy(job.Place);
        }
        Calendar = await LoadCalendarAsync(service, cancellationToken);

        Response.Htmx(headers => headers.WithVary());
        if (Request.IsHtmx() && !Request.IsHtmxHistoryRestoreRequest())
        {
            return Partial("_Calendar", Calendar);
        }
        Reviews = (await catalog.ListProviderReviewsAsync(service.Provider.Id, new PageRequest(1, ReviewsShown), cancellationToken)).Value?.Items ?? [];
        return Page();
    }

    private async Task<BookingView?> MovableBookingAsync(ServiceDetails service, CancellationToken ct)
    {
        if (Reschedule is not { } bookingId || !User.IsInRole(Roles.Customer)
            || await actors.ResolveAsync(User, ct) is not { } actor
            || (await bookings.GetAsync(actor, bookingId, ct)).Value is not { } booking)
        {
            return null;
        }
        return booking.Customer == actor.UserId && booking.Service == service.Id
            && booking.AllowedMoves(actor, clock.GetUtcNow().UtcDateTime, service.Provider.Timezone).HasFlag(BookingMoves.Reschedule)
            ? booking
            : null;
    }

    private async Task<ServiceAddress?> JobAddressAsync(CancellationToken ct)
    {
        if (Moving is { } moving)
        {
            return moving.Address is { Lat: { } lat, Lng: { } lng } a
                ? new ServiceAddress(a.Street ?? "", a.PostalCode, a.City, lat, lng, a.AccessNotes ?? "", a.Approximate)
                : null;
        }
        return User.IsInRole(Roles.Customer) && await actors.ResolveAsync(User, ct) is { } actor
            ? await homes.GetAsync(actor.UserId, ct)
            : null;
    }

    private async Task<CalendarView> LoadCalendarAsync(ServiceDetails service, CancellationToken ct)
    {
        var zone = service.Provider.Timezone;
        var today = AvailabilityEngine.LocalDate(zone, clock.GetUtcNow().UtcDateTime);
        // A week that does not parse or lies outside the supported dates shows this week, like no week at all.
        var weekStart = CalendarDates.TryParseDate(Week, out var asked) && asked > today
            ? asked
            : today;

        // A booking being moved does not block itself, and its slots are as long as it is.
        var from = JobAddress?.Place;
        var result = Moving is { } move
            ? await availability.GetSlotsOfDurationAsync(service.Provider.Id, move.Duration, weekStart, DaysShown, from, move.Id, ct)
            : await availability.GetSlotsAsync(service.Provider.Id, weekStart, DaysShown, service.Id, ct, from);
        var slots = OutsideAreaKm is null ? result.Value?.Slots ?? [] : [];
        var isCustomer = User.IsInRole(Roles.Customer);
        var signedIn = User.Identity?.IsAuthenticated == true;
        var days = Enumerable.Range(0, DaysShown).Select(offset =>
        {
            var date = weekStart.AddDays(offset);
            var daySlots = slots.Where(s => AvailabilityEngine.LocalDate(zone, s.StartTime) == date).Select(s =>
            {
                var start = Uri.EscapeDataString(Display.IsoUtc(s.StartTime));
                var bookUrl = Moving is { } moving
                    ? $"/Bookings/{moving.Id}/Reschedule?start={start}"
                    : $"/Bookings/New?service={service.Id}&start={start}";
                var url = isCustomer ? bookUrl : signedIn ? null : $"/Account/Login?ReturnUrl={Uri.EscapeDataString(bookUrl)}";
                return new CalendarSlot(s.StartTime, Display.Clock(s.StartTime, zone), url, DayParts.Of(Display.ToLocal(s.StartTime, zone)));
            }).ToList();
            return new CalendarDay(date, daySlots, WeekUrl(service.Id, weekStart, date));
        }).ToList();

        var chosen = DateOnly.TryParseExact(Day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var askedDay)
            && days.Any(d => d.Date == askedDay)
            ? askedDay
            : days.FirstOrDefault(d => d.Slots.Count > 0)?.Date ?? weekStart;
        var previous = weekStart > today ? WeekUrl(service.Id, weekStart.AddDays(-DaysShown) < today ? today : weekStart.AddDays(-DaysShown)) : null;
        return new CalendarView(zone, weekStart, days, previous, WeekUrl(service.Id, weekStart.AddDays(DaysShown)),
            SignedIn: signedIn, CanBook: isCustomer, result.Error?.Message, WeekUrl(service.Id, weekStart, chosen), SlotVerb: Moving is null ? "Book" : "Move to")
        {
            ChosenDay = chosen,
            IsFirstWeek = weekStart == today,
            ServiceId = service.Id,
            // A day with no free time offers its waitlist (not when moving a booking: that has a time already).
            OffersWaitlist = Moving is null && OutsideAreaKm is null && result.IsSuccess,
            WorkingDays = await availability.WorkingDaysAsync(service.Provider.Id, ct),
        };
    }

    private string WeekUrl(int serviceId, DateOnly week, DateOnly? day = null) =>
        $"/Services/{serviceId}?week={week.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
        + (day is { } d ? $"&day={d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : "")
        + (Moving is { } moving ? $"&reschedule={moving.Id}" : "");
}

public sealed record CalendarSlot(DateTime StartUtc, string LocalTime, string? BookUrl, DayPart Part);

/// <summary>One day of the week: its free slots and the address that lists them.</summary>
public sealed record CalendarDay(DateOnly Date, IReadOnlyList<CalendarSlot> Slots, string Url);

public enum DayPart
{
    Morning,
    Afternoon,
    Evening,
}

public static class DayParts
{
    /// <summary>Before noon is morning, noon to five afternoon, from five on evening (local wall-clock time).</summary>
    public static DayPart Of(DateTime local) => local.Hour switch
    {
        < 12 => DayPart.Morning,
        < 17 => DayPart.Afternoon,
        _ => DayPart.Evening,
    };
}

/// <summary>A week of one service's free slots, in the provider's zone; <c>Url</c> fetches this same week again.</summary>
public sealed record CalendarView(string TimeZone, DateOnly WeekStart, IReadOnlyList<CalendarDay> Days, string? PreviousUrl, string NextUrl,
    bool SignedIn, bool CanBook, string? Error, string Url, string SlotVerb = "Book")
{
    public DateOnly WeekEnd => Days.Count == 0 ? WeekStart : Days[^1].Date;

    /// <summary>The day whose times are listed.</summary>
    public DateOnly ChosenDay { get; init; } = WeekStart;

    /// <summary>This week starts today, so its first slot is the first free time there is.</summary>
    public bool IsFirstWeek { get; init; }

    public int ServiceId { get; init; }

    /// <summary>Whether a full day offers "Join the waitlist".</summary>
    public bool OffersWaitlist { get; init; }

    /// <summary>The weekdays the provider works; a day off has no time to wait for.</summary>
    public IReadOnlySet<DayOfWeek> WorkingDays { get; init; } = new HashSet<DayOfWeek>();

    public bool WorksOn(DateOnly date) => WorkingDays.Contains(date.DayOfWeek);

    public bool OffersWaitlistOn(DateOnly date) => OffersWaitlist && WorksOn(date);

    public CalendarDay? Chosen => Days.FirstOrDefault(d => d.Date == ChosenDay);

    public (DateOnly Date, CalendarSlot Slot)? FirstFree =>
        Days.FirstOrDefault(d => d.Slots.Count > 0) is { } day ? (day.Date, day.Slots[0]) : null;

    /// <summary>"Berlin time" for Europe/Berlin: the zone said the way people say it.</summary>
    public string ZoneName => TimeZone.Split('/')[^1].Replace('_', ' ') + " time";
}
