using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeSer.Tests.Api;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HomeSer.Tests.Waitlist;

/// <summary>The app for waitlist tests: booking rate limits out of the way (the 429 paths have tests of their own).</summary>
public sealed class WaitlistFactory : HomeSerFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("RateLimits:BookingsPerMinute", "100000")];
}

/// <summary>
/// A provider whose every working day is 08:00-10:00 Berlin time (two one-hour visits, no buffer), so two bookings fill a
/// day; <see cref="Date"/> is a working day two or more days ahead, and <see cref="At"/> gives a local hour on it in UTC.
/// </summary>
public sealed record TightDay(TestData.ProviderSetup Provider, DateOnly Date, HttpClient ProviderClient)
{
    public int ProviderId => Provider.Profile.Id;
    public int ServiceId => Provider.Service.Id;

    public DateTime At(int hour) => TimeZoneInfo.ConvertTimeToUtc(Date.ToDateTime(new TimeOnly(hour, 0)), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));

    public static string Wire(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    public object BookingBody(int hour) => new { service = ServiceId, provider = ProviderId, start_time = Wire(At(hour)), duration = 60 };

    public object JoinBody(string? earliest = null, string? latest = null) =>
        new { provider = ProviderId, service = ServiceId, date = Date.ToString("yyyy-MM-dd"), earliest, latest };
}

public static class WaitlistKit
{
    public static async Task<TightDay> TightDayAsync(this HomeSerFactory app)
    {
        var provider = await app.CreateProviderAsync();
        await app.WithDbAsync(async db =>
        {
            await db.WeeklyHours.Where(h => h.ProviderId == provider.Profile.Id).ExecuteUpdateAsync(set => set.SetProperty(h => h.End, new TimeOnly(10, 0)));
            // The calendar changed behind the app's back: move the version so no cached month survives.
            return await db.Providers.Where(p => p.Id == provider.Profile.Id).ExecuteUpdateAsync(set => set.SetProperty(p => p.ScheduleVersion, p => p.ScheduleVersion + 1));
        });
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var date = today.AddDays(2);
        while (date.DayOfWeek == DayOfWeek.Sunday)
        {
            date = date.AddDays(1);
        }
        return new TightDay(provider, date, await app.ClientForAsync(provider.User.Email!));
    }

    public static async Task<(HttpClient Client, int UserId, string Email)> CustomerAsync(this HomeSerFactory app)
    {
        var user = await app.CreateUserAsync(Roles.Customer);
        return (await app.ClientForAsync(user.Email!), user.Id, user.Email!);
    }

    /// <summary>Books the day's hour and returns the booking id.</summary>
    public static async Task<int> BookAsync(this TightDay day, HttpClient customer, int hour) =>
        (await (await customer.PostAsJsonAsync("/api/bookings/bookings/", day.BookingBody(hour))).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();

    /// <summary>Books both of the day's hours with a new customer, so nothing is left to offer a joining entry.</summary>
    public static async Task FillAsync(this TightDay day, HomeSerFactory app)
    {
        var (booker, _, _) = await app.CustomerAsync();
        await day.BookAsync(booker, 8);
        await day.BookAsync(booker, 9);
    }

    public static async Task<int> JoinAsync(this TightDay day, HttpClient customer, string? earliest = null, string? latest = null) =>
        (await (await customer.PostAsJsonAsync("/api/bookings/waitlist/", day.JoinBody(earliest, latest))).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();

    public static async Task<JsonElement> EntryAsync(HttpClient customer, int id) =>
        await (await customer.GetAsync($"/api/bookings/waitlist/{id}/")).JsonAsync(HttpStatusCode.OK);

    public static async Task<string> StatusAsync(HttpClient customer, int id) => (await EntryAsync(customer, id)).GetProperty("status").GetString()!;

    public static async Task CancelAsync(HttpClient customer, int bookingId) =>
        await (await customer.PostAsJsonAsync($"/api/bookings/bookings/{bookingId}/cancel/", new { reason = "Plans changed" })).JsonAsync(HttpStatusCode.OK);

    /// <summary>The free starts another customer sees on the day.</summary>
    public static async Task<List<DateTime>> FreeStartsAsync(this TightDay day, HttpClient customer)
    {
        var view = await (await customer.GetAsync($"/api/bookings/availabilities/?provider={day.ProviderId}&service={day.ServiceId}&date={day.Date:yyyy-MM-dd}"))
            .JsonAsync(HttpStatusCode.OK);
        return view.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("start_time").GetDateTime().ToUniversalTime()).ToList();
    }

    /// <summary>Runs the waitlist's Hangfire job as its schedule would.</summary>
    public static async Task<int> RunWaitlistJobAsync(this HomeSerFactory app)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<WaitlistJob>().RunAsync(CancellationToken.None);
    }

    public static DateTime OfferStart(JsonElement entry) => entry.GetProperty("offer").GetProperty("start_time").GetDateTime().ToUniversalTime();
}
