using System.Globalization;
using HomeSer.Web.Infrastructure;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Pages.Bookings;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HomeSer.Web.Pages.Services;

/// <summary>A service, its provider and a week of free slots: the full page to a browser, only the calendar to htmx.</summary>
public sealed class DetailsModel(CatalogQueries catalog, AvailabilityService availability, TimeProvider clock) : PageModel
{
    private const int DaysShown = 7;
    private const int ReviewsShown = 5;

    [BindProperty(SupportsGet = true, Name = "week")]
    public string? Week { get; set; }

    public ServiceDetails Service { get; private set; } = null!;
    public IReadOnlyList<ProviderReviewView> Reviews { get; private set; } = [];
    public CalendarView Calendar { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if ((await catalog.GetServiceAsync(id, cancellationToken)).Value is not { } service)
        {
            return NotFound();
        }
        Service = service;
        Calendar = await LoadCalendarAsync(service, cancellationToken);

        Response.Htmx(headers => headers.WithVary());
        if (Request.IsHtmx() && !Request.IsHtmxHistoryRestoreRequest())
        {
            return Partial("_Calendar", Calendar);
        }
        Reviews = (await catalog.ListProviderReviewsAsync(service.Provider.Id, new PageRequest(1, ReviewsShown), cancellationToken)).Value?.Items ?? [];
        return Page();
    }

    private async Task<CalendarView> LoadCalendarAsync(ServiceDetails service, CancellationToken ct)
    {
        var zone = service.Provider.Timezone;
        var today = AvailabilityEngine.LocalDate(zone, clock.GetUtcNow().UtcDateTime);
        var weekStart = DateOnly.TryParseExact(Week, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asked) && asked > today
            ? asked
            : today;

        var result = await availability.GetSlotsAsync(service.Provider.Id, weekStart, DaysShown, service.Id, ct);
        var slots = result.Value?.Slots ?? [];
        var isCustomer = User.IsInRole(Roles.Customer);
        var signedIn = User.Identity?.IsAuthenticated == true;
        var days = Enumerable.Range(0, DaysShown).Select(offset =>
        {
            var date = weekStart.AddDays(offset);
            var daySlots = slots.Where(s => AvailabilityEngine.LocalDate(zone, s.StartTime) == date).Select(s =>
            {
                var bookUrl = $"/Bookings/New?service={service.Id}&start={Uri.EscapeDataString(Display.IsoUtc(s.StartTime))}";
                var url = isCustomer ? bookUrl : signedIn ? null : $"/Account/Login?ReturnUrl={Uri.EscapeDataString(bookUrl)}";
                return new CalendarSlot(s.StartTime, Display.Clock(s.StartTime, zone), url);
            }).ToList();
            return new CalendarDay(date, daySlots);
        }).ToList();

        var previous = weekStart > today ? WeekUrl(service.Id, weekStart.AddDays(-DaysShown) < today ? today : weekStart.AddDays(-DaysShown)) : null;
        return new CalendarView(zone, weekStart, days, previous, WeekUrl(service.Id, weekStart.AddDays(DaysShown)),
            SignedIn: signedIn, CanBook: isCustomer, result.Error?.Message, WeekUrl(service.Id, weekStart));
    }

    private static string WeekUrl(int serviceId, DateOnly week) =>
        $"/Services/{serviceId}?week={week.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}

public sealed record CalendarSlot(DateTime StartUtc, string LocalTime, string? BookUrl);

public sealed record CalendarDay(DateOnly Date, IReadOnlyList<CalendarSlot> Slots);

/// <summary>A week of one service's free slots, in the provider's zone; <c>Url</c> fetches this same week again.</summary>
public sealed record CalendarView(string TimeZone, DateOnly WeekStart, IReadOnlyList<CalendarDay> Days, string? PreviousUrl, string NextUrl,
    bool SignedIn, bool CanBook, string? Error, string Url)
{
    public DateOnly WeekEnd => Days.Count == 0 ? WeekStart : Days[^1].Date;
}
