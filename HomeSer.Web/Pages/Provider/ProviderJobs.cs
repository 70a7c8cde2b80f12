using HomeSer.Web.Data;
using HomeSer.Web.Features.Admin;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Web.Pages.Provider;

/// <summary>One booking as a row of the provider's job list, with what the provider may do next.</summary>
public sealed record JobRow(
    int Id, BookingStatus Status, DateTime StartUtc, int DurationMinutes, string TimeZoneId, string ServiceName, string CustomerName,
    string CustomerNotes, long PriceCents, string Currency, DateTime Now, DateTime CreatedUtc, AddressView? Address = null)
{
    /// <summary>When an unanswered request lapses (pending only; a moved booking keeps its old time instead).</summary>
    public DateTime? ExpiresUtc { get; init; }

    /// <summary>"1 h 20 min": the time left until <see cref="ExpiresUtc"/> when the row was read (wwwroot/js/countdown.js keeps it current).</summary>
    public string? ExpiresIn { get; init; }

    /// <summary>Feedback from the action just taken on this row (htmx swaps show it inline).</summary>
    public string? Message { get; init; }
    public bool IsError { get; init; }

    public string Wire => Status.ToWire();

    /// <summary>What the provider may do with this job now, as the booking's lifecycle answers it.</summary>
    public BookingMoves Moves => BookingRules.Allowed(Status, BookingParty.Provider, BookingRules.TimingOf(StartUtc, TimeZoneId, Now));
    public bool CanConfirm => Moves.HasFlag(BookingMoves.Confirm);
    // Declining is the provider's cancel of a booking they have not confirmed yet.
    public bool CanDecline => CanConfirm && Moves.HasFlag(BookingMoves.Cancel);
    public bool CanStart => Moves.HasFlag(BookingMoves.Start);
    public bool CanMarkNoShow => Moves.HasFlag(BookingMoves.NoShow);
    public bool CanComplete => Moves.HasFlag(BookingMoves.Complete);
    public string When => $"{HomeSer.Web.Pages.Display.Time(StartUtc, TimeZoneId)}–{HomeSer.Web.Pages.Display.Clock(StartUtc.AddMinutes(DurationMinutes), TimeZoneId)}";
}

/// <summary>Read side of the provider dashboard: the provider's bookings as job rows, in the provider's own zone.</summary>
public sealed class ProviderJobs(HomeSerDbContext db, TimeProvider clock, int pendingExpiryHours)
{
    public sealed record Dashboard(string TimeZoneId, DateOnly Today, IReadOnlyList<JobRow> Pending, IReadOnlyList<JobRow> TodayJobs,
        IReadOnlyList<AgendaDay> Agenda, IReadOnlyList<JobRow> Later);

    /// <summary>One day of the agenda: everything holding the provider's time that day, requests included, in time order.</summary>
    public sealed record AgendaDay(DateOnly Date, IReadOnlyList<JobRow> Jobs);

    public const int UpcomingDays = 30;

    /// <summary>Today and the days after it shown day by day; confirmed jobs after them are listed under "Later".</summary>
    public const int AgendaDays = 7;
    public const int MaxRows = 50;

    public async Task<Dashboard?> LoadAsync(int providerId, CancellationToken ct)
    {
        var timeZoneId = await db.Providers.AsNoTracking().Where(p => p.Id == providerId).Select(p => p.TimeZoneId).FirstOrDefaultAsync(ct);
        if (timeZoneId is null)
        {
            return null;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(HomeSer.Web.Pages.Display.ToLocal(now, timeZoneId));
        var startOfToday = StartOfDayUtc(today, timeZoneId);
        var startOfTomorrow = StartOfDayUtc(today.AddDays(1), timeZoneId);
        var horizon = StartOfDayUtc(today.AddDays(UpcomingDays + 1), timeZoneId);

        var mine = db.Bookings.AsNoTracking().Where(b => b.ProviderId == providerId);
        var pending = await RowsAsync(mine.Where(BookingFilters.AwaitsProviderAnswer).Where(b => b.ScheduledEndUtc > now), now, ct);
        var todayJobs = await RowsAsync(mine.Where(BookingFilters.OnTheDay(startOfToday, startOfTomorrow)), now, ct);
        var agendaEnd = StartOfDayUtc(today.AddDays(AgendaDays), timeZoneId);
        var week = await RowsAsync(mine.Where(BookingFilters.HoldsProviderTime).Where(b => b.StartUtc >= startOfToday && b.StartUtc < agendaEnd), now, ct);
        var agenda = Enumerable.Range(0, AgendaDays).Select(offset => today.AddDays(offset))
            .Select(day => new AgendaDay(day, week.Where(j => DateOnly.FromDateTime(HomeSer.Web.Pages.Display.ToLocal(j.StartUtc, timeZoneId)) == day).ToList()))
            .ToList();
        var later = await RowsAsync(mine.Where(BookingFilters.Confirmed).Where(b => b.StartUtc >= agendaEnd && b.StartUtc < horizon), now, ct);
        return new Dashboard(timeZoneId, today, pending, todayJobs, agenda, later);
    }

    public async Task<JobRow?> FindAsync(int providerId, int bookingId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await RowsAsync(db.Bookings.AsNoTracking().Where(b => b.ProviderId == providerId && b.Id == bookingId), now, ct);
        return rows.FirstOrDefault();
    }

    private async Task<List<JobRow>> RowsAsync(IQueryable<Booking> bookings, DateTime now, CancellationToken ct)
    {
        var rows = await bookings.OrderBy(b => b.StartUtc).ThenBy(b => b.Id).Take(MaxRows)
            .Select(b => new
            {
                Row = new JobRow(b.Id, b.Status, b.StartUtc, b.DurationMinutes, b.Provider!.TimeZoneId, b.Service!.Name,
                    b.Customer!.DisplayName, b.CustomerNotes, b.PriceCents, b.Currency, now, b.CreatedAt, null),
                b.Address,
                b.ConfirmedAt,
                Base = new GeoPoint(b.Provider.Latitude, b.Provider.Longitude),
            })
            .ToListAsync(ct);
        return rows.Select(r =>
        {
            // The provider sees the door only once they confirmed: the booking's own rule decides.
            var row = r.Row with { Address = AddressView.Of(Booking.AddressSeenBy(r.Address, r.ConfirmedAt, BookingParty.Provider), r.Base) };
            return BookingRules.Lapses(row.Status)
                ? Expiring(row, BookingFilters.PendingExpiresAt(row.CreatedUtc, row.StartUtc, pendingExpiryHours), now)
                : row;
        }).ToList();
    }

    private static JobRow Expiring(JobRow row, DateTime expiresUtc, DateTime now) =>
        row with { ExpiresUtc = expiresUtc, ExpiresIn = HomeSer.Web.Pages.Display.TimeLeft(expiresUtc, now) };

    private static DateTime StartOfDayUtc(DateOnly day, string timeZoneId)
    {
        // Midnight can fall in a DST gap in a few zones; the day then starts at the first valid hour.
        var local = day.ToDateTime(TimeOnly.MinValue);
        for (var hour = 0; hour < 3; hour++)
        {
            if (BackofficeText.ToUtc(local.AddHours(hour), timeZoneId) is { } utc)
            {
                return utc;
            }
        }
        return DateTime.SpecifyKind(local, DateTimeKind.Utc);
    }
}
