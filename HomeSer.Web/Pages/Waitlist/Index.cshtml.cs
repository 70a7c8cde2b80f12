using System.Globalization;
using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Waitlist;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Pages.Waitlist;

/// <summary>My waitlist: my places in line, a held offer with its countdown and claim button; joining comes from a service's full day.</summary>
[Authorize(Roles = Roles.Customer)]
public sealed class IndexModel(WaitlistService waitlist, ActorResolver actors, HomeSerDbContext db, TimeProvider clock) : PageModel
{
    /// <summary>One entry with what the page says about it.</summary>
    public sealed record Row(WaitlistEntryView Entry, string ServiceName, string ProviderName, string TimeZoneId)
    {
        public string Window => (Entry.Earliest, Entry.Latest) switch
        {
            (null, null) => "any time",
            ({ } from, null) => $"from {from}",
            (null, { } until) => $"until {until}",
            ({ } from, { } until) => $"{from}–{until}",
        };
    }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>Shown once by the layout after a redirect.</summary>
    [TempData]
    public string? Flash { get; set; }

    public string? Error { get; private set; }

    public DateTime Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostJoinAsync(int service, string? date, string? earliest, string? latest, CancellationToken cancellationToken)
    {
        var actor = await actors.ResolveAsync(User, cancellationToken);
        var provider = await db.Services.AsNoTracking().Where(s => s.Id == service).Select(s => (int?)s.ProviderId).FirstOrDefaultAsync(cancellationToken);
        // Empty time inputs mean the whole day.
        var parsed = WaitlistApi.Parse(new JoinWaitlistRequest(provider, service, date, NullIfEmpty(earliest), NullIfEmpty(latest)));
        var joined = parsed.Error is { } invalid ? invalid : await waitlist.JoinAsync(actor!, parsed.Value!, cancellationToken);
        if (joined.Error is { } refused)
        {
            Error = Describe(refused);
            await LoadAsync(cancellationToken);
            return Page();
        }
        Flash = joined.Value!.Status == WaitlistStatus.Offered.ToWire()
            ? "A time in your window is free: it is held for you below. Claim it before the countdown ends."
            : "You are on the waitlist. We will tell you the moment a time frees up.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostClaimAsync(int id, CancellationToken cancellationToken)
    {
        var actor = await actors.ResolveAsync(User, cancellationToken);
        var claimed = await waitlist.ClaimAsync(actor!, id, new ClaimOfferCommand(null, null, null), cancellationToken);
        if (claimed.Error is { } refused)
        {
            Error = Describe(refused);
            await LoadAsync(cancellationToken);
            return Page();
        }
        return Redirect($"/Bookings/{claimed.Value!.Id}");
    }

    public async Task<IActionResult> OnPostLeaveAsync(int id, CancellationToken cancellationToken)
    {
        var actor = await actors.ResolveAsync(User, cancellationToken);
        var left = await waitlist.WithdrawAsync(actor!, id, cancellationToken);
        Flash = left.Error is { } refused ? Describe(refused) : "You left that waitlist.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow().UtcDateTime;
        var actor = await actors.ResolveAsync(User, ct);
        var entries = (await waitlist.ListAsync(actor!, new PageRequest(1, PageRequest.MaxPageSize), ct)).Value?.Items ?? [];
        var serviceIds = entries.Select(e => e.Service).Distinct().ToList();
        var names = await db.Services.AsNoTracking().Where(s => serviceIds.Contains(s.Id))
            .Select(s => new { s.Id, s.Name, Provider = s.Provider!.DisplayName, s.Provider.TimeZoneId })
            .ToDictionaryAsync(s => s.Id, ct);
        Rows = entries.Select(e => names.TryGetValue(e.Service, out var n)
            ? new Row(e, n.Name, n.Provider, n.TimeZoneId)
            : new Row(e, "A service", "a provider", "UTC")).ToList();
    }

    /// <summary>The refusal in words, with the field's own message where there is one.</summary>
    private static string Describe(DomainError error) =>
        error.Fields is { Count: > 0 } fields ? string.Join(" ", fields.Values.SelectMany(m => m)) : error.Message;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
