using System.Net;
using HomeSer.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Tests.Waitlist;

/// <summary>The waitlist's pages: "Join the waitlist" on a full day of the service page, and My waitlist with the held offer and its claim button.</summary>
public sealed class WaitlistPagesTests(WaitlistFactory app) : IClassFixture<WaitlistFactory>
{
    private static string DayUrl(TightDay day) => $"/Services/{day.ServiceId}?week={day.Date:yyyy-MM-dd}&day={day.Date:yyyy-MM-dd}";

    private async Task<(TightDay Day, HttpClient Booker)> FullDayAsync()
    {
        var day = await app.TightDayAsync();
        var (booker, _, _) = await app.CustomerAsync();
        await day.BookAsync(booker, 8);
        await day.BookAsync(booker, 9);
        return (day, booker);
    }

    [Fact]
    public async Task A_full_day_offers_to_join_its_waitlist()
    {
        var (day, _) = await FullDayAsync();
        var (customer, _) = await app.NewCustomerClientAsync();

        var html = await customer.GetStringAsync(DayUrl(day));

        Assert.Contains("Join the waitlist", html);
        Assert.Contains($"name=\"date\" value=\"{day.Date:yyyy-MM-dd}\"", html);
    }

    [Fact]
    public async Task A_day_with_free_time_offers_no_waitlist()
    {
        var day = await app.TightDayAsync();
        var (customer, _) = await app.NewCustomerClientAsync();

        var html = await customer.GetStringAsync(DayUrl(day));

        Assert.DoesNotContain("Join the waitlist", html);
    }

    [Fact]
    public async Task A_day_the_provider_never_works_says_so_and_offers_no_waitlist()
    {
        var day = await app.TightDayAsync();
        var sunday = day.Date.AddDays(DayOfWeek.Sunday - day.Date.DayOfWeek + 7);
        var (customer, _) = await app.NewCustomerClientAsync();

        var html = await customer.GetStringAsync($"/Services/{day.ServiceId}?week={sunday:yyyy-MM-dd}&day={sunday:yyyy-MM-dd}");

        Assert.Contains("No work on Sundays", html);
        Assert.DoesNotContain("Join the waitlist", html);
    }

    [Fact]
    public async Task Joining_from_the_service_page_lists_the_entry_on_my_waitlist()
    {
        var (day, _) = await FullDayAsync();
        var (customer, user) = await app.NewCustomerClientAsync();

        var response = await FormPost.SubmitAsync(customer, DayUrl(day), new Dictionary<string, string>
        {
            ["service"] = day.ServiceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["date"] = day.Date.ToString("yyyy-MM-dd"),
            ["earliest"] = "",
            ["latest"] = "",
        }, "/Waitlist?handler=Join");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var html = await customer.GetStringAsync("/Waitlist");
        Assert.Contains("You are on the waitlist", html);
        Assert.Contains("Leak repair", html);
        Assert.Contains("waiting", html);
        Assert.Equal(1, await app.WithDbAsync(db => db.WaitlistEntries.CountAsync(w => w.CustomerId == user.Id)));
    }

    [Fact]
    public async Task A_bad_window_is_explained_on_the_page()
    {
        var (day, _) = await FullDayAsync();
        var (customer, user) = await app.NewCustomerClientAsync();

        var response = await FormPost.SubmitAsync(customer, DayUrl(day), new Dictionary<string, string>
        {
            ["service"] = day.ServiceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["date"] = day.Date.ToString("yyyy-MM-dd"),
            ["earliest"] = "10:00",
            ["latest"] = "09:00",
        }, "/Waitlist?handler=Join");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("latest must be after earliest", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.WithDbAsync(db => db.WaitlistEntries.CountAsync(w => w.CustomerId == user.Id)));
    }

    [Fact]
    public async Task A_held_offer_shows_its_countdown_and_claims_into_a_booking()
    {
        var (day, booker) = await FullDayAsync();
        var (customer, user) = await app.NewCustomerClientAsync();
        var api = await app.ClientForAsync(user.Email!);
        var entry = await day.JoinAsync(api);
        var eight = await app.WithDbAsync(db => db.Bookings.Where(b => b.ProviderId == day.ProviderId).OrderBy(b => b.StartUtc).Select(b => b.Id).FirstAsync());
        await WaitlistKit.CancelAsync(booker, eight);

        var html = await customer.GetStringAsync("/Waitlist");
        Assert.Contains("Held for you", html);
        Assert.Contains("data-hold-countdown", html);
        Assert.Contains("15 min", html);

        var claimed = await FormPost.SubmitAsync(customer, "/Waitlist", new Dictionary<string, string>(), $"/Waitlist?handler=Claim&id={entry}");

        Assert.Equal(HttpStatusCode.Redirect, claimed.StatusCode);
        var bookingId = await app.WithDbAsync(db => db.Bookings.Where(b => b.CustomerId == user.Id).Select(b => b.Id).SingleAsync());
        Assert.Equal($"/Bookings/{bookingId}", claimed.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task My_waitlist_is_for_customers()
    {
        var day = await app.TightDayAsync();

        var response = await (await app.SignedInAsync(day.Provider.User.Email!)).GetAsync("/Waitlist");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}
