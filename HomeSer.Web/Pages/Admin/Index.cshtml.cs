using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Admin;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HomeSer.Web.Pages.Admin;

/// <summary>The back office's front page: what needs attention, and where to go.</summary>
[Authorize(Roles = Roles.Admin)]
public sealed class IndexModel(AdminService admin) : PageModel
{
    public int QueueCount { get; private set; }
    public int UserCount { get; private set; }
    public int PendingBookings { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var one = new PageRequest(1, 1);
        QueueCount = (await admin.ListVerificationQueueAsync(one, ct)).Count;
        UserCount = (await admin.ListUsersAsync(null, one, ct)).Count;
        PendingBookings = (await admin.ListBookingsAsync(new AdminBookingFilter(BookingStatus.Pending.ToWire(), null, null, null), one, ct)).Value?.Count ?? 0;
    }
}
