using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Admin;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HomeSer.Web.Pages.Admin;

/// <summary>Every booking, filtered by status, provider and start date.</summary>
[Authorize(Roles = Roles.Admin)]
public sealed class BookingsModel(AdminService admin) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "provider")]
    public int? ProviderId { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public DateOnly? To { get; set; }

    public IReadOnlyList<string> Statuses { get; } = Enum.GetValues<BookingStatus>().Select(s => s.ToWire()).ToList();
    public IReadOnlyList<ProviderOption> Providers { get; private set; } = [];
    public PagedList<AdminBookingRow> Bookings { get; private set; } = new(0, []);
    public Pager Pager { get; private set; } = null!;

    public string? ErrorFor(string key) =>
        ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null;

    public async Task OnGetAsync(int? p, CancellationToken ct)
    {
        var page = Math.Max(1, p ?? 1);
        Providers = await admin.ListProviderOptionsAsync(ct);
        var result = await admin.ListBookingsAsync(new AdminBookingFilter(Status, ProviderId, From, To), new PageRequest(page, PageRequest.DefaultPageSize), ct);
        if (result.Error is { } error)
        {
            foreach (var (field, messages) in error.Fields ?? new Dictionary<string, string[]>())
            {
                foreach (var message in messages)
                {
                    ModelState.AddModelError(field, message);
                }
            }
        }
        Bookings = result.Value ?? Bookings;
        Pager = Pager.For(Request, page, Bookings.Count, PageRequest.DefaultPageSize, "Booking pages");
    }
}
