using System.Net;
using System.Net.Http.Json;
using HomeSer.Tests.Api;
using HomeSer.Tests.Live;
using HomeSer.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Tests.Waitlist;

/// <summary>
/// Freed time and the line, through the real pipeline: who is offered what, the hold against everyone else, claims,
/// lapses passing on, expiry, and the races between them.
/// </summary>
public sealed class WaitlistOfferTests(WaitlistFactory app) : IClassFixture<WaitlistFactory>
{
    /// <summary>A full day (08:00 and 09:00 booked by one customer) and <paramref name="waiting"/> customers in line, in order.</summary>
    private async Task<(TightDay Day, HttpClient Booker, int Eight, int Nine, List<(HttpClient Client, int UserId, string Email, int Entry)> Line)> FullDayAsync(int waiting)
    {
        var day = await app.TightDayAsync();
        var (booker, _, _) = await app.CustomerAsync();
        var eight = await day.BookAsync(booker, 8);
        var nine = await day.BookAsync(booker, 9);
        var line = new List<(HttpClient, int, string, int)>();
        for (var i = 0; i < waiting; i++)
        {
            var (client, userId, email) = await app.CustomerAsync();
            line.Add((client, userId, email, await day.JoinAsync(client)));
        }
        return (day, booker, eight, nine, line);
    }

    [Fact]
    public async Task A_cancellation_offers_its_start_to_the_first_in_line()
    {
        var (day, booker, eight, _, line) = await FullDayAsync(2);

        await WaitlistKit.CancelAsync(booker, eight);

        var first = await WaitlistKit.EntryAsync(line[0].Client, line[0].Entry);
        Assert.Equal("offered", first.GetProperty("status").GetString());
        Assert.Equal(day.At(8), WaitlistKit.OfferStart(first));
        Assert.Equal(day.At(9), first.GetProperty("offer").GetProperty("end_time").GetDateTime().ToUniversalTime());
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime.AddMinutes(15), first.GetProperty("offer").GetProperty("expires_at").GetDateTime().ToUniversalTime());
        Assert.Equal("waiting", await WaitlistKit.StatusAsync(line[1].Client, line[1].Entry));
    }

    [Fact]
    public async Task A_held_start_is_hidden_from_everyone_else()
    {
        var (day, booker, eight, _, line) = await FullDayAsync(2);
        var (stranger, _, _) = await app.CustomerAsync();

        await WaitlistKit.CancelAsync(booker, eight);

        Assert.DoesNotContain(day.At(8), await day.FreeStartsAsync(stranger));
    }

    [Fact]
    public async Task A_held_start_is_refused_to_anyone_else()
    {
        var (day, booker, eight, _, _) = await FullDayAsync(1);
        var (stranger, _, _) = await app.CustomerAsync();
        await WaitlistKit.CancelAsync(booker, eight);

        var response = await stranger.PostAsJsonAsync("/api/bookings/bookings/", day.BookingBody(8));

        await response.ProblemAsync(HttpStatusCode.Conflict, "BOOKING_CONFLICT", "start_time");
    }

    [Fact]
    public async Task Claiming_books_the_held_start()
    {
        var (day, booker, eight, _, line) = await FullDayAsync(1);
        await WaitlistKit.CancelAsync(booker, eight);

        var response = await line[0].Client.PostAsJsonAsync($"/api/bookings/waitlist/{line[0].Entry}/claim/", new { customer_notes = "Side door" });

        var booking = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal(day.At(8), booking.GetProperty("start_time").GetDateTime().ToUniversalTime());
        Assert.Equal("pending", booking.GetProperty("status").GetString());
        Assert.Equal(line[0].UserId, booking.GetProperty("customer").GetInt32());
        var entry = await WaitlistKit.EntryAsync(line[0].Client, line[0].Entry);
        Assert.Equal("claimed", entry.GetProperty("status").GetString());
        Assert.Equal(booking.GetProperty("id").GetInt32(), entry.GetProperty("booking").GetInt32());
    }

    [Fact]
    public async Task The_offer_is_told_live_and_by_mail()
    {
        var (day, booker, eight, _, line) = await FullDayAsync(1);
        await using var live = await LiveClient.ConnectAsync(app, line[0].Email);
        await live.SubscribeAsync($"notifications:{line[0].UserId}");

        await WaitlistKit.CancelAsync(booker, eight);

        var message = live.Next("notification.created", m => m.GetProperty("data").GetProperty("kind").GetString() == "waitlist_offer");
        Assert.Contains("held for you", message.GetProperty("data").GetProperty("body").GetString());
        var mail = Assert.Single(await app.MailsToAsync(line[0].Email));
        Assert.Contains("held for you", mail);
    }

    [Fact]
    public async Task Two_freed_starts_and_three_waiting_make_two_offers_of_different_starts()
    {
        var (day, booker, eight, nine, line) = await FullDayAsync(3);

        // Both cancellations race; whatever order they commit in, each start goes to one customer only.
        await Task.WhenAll(WaitlistKit.CancelAsync(booker, eight), WaitlistKit.CancelAsync(booker, nine));

        var entries = new List<System.Text.Json.JsonElement>();
        foreach (var (client, _, _, entry) in line)
        {
            entries.Add(await WaitlistKit.EntryAsync(client, entry));
        }
        var offered = entries.Where(e => e.GetProperty("status").GetString() == "offered").Select(WaitlistKit.OfferStart).Order().ToList();
        Assert.Equal([day.At(8), day.At(9)], offered);
        Assert.Equal("waiting", entries[2].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Racing_claims_and_creates_give_each_held_start_to_its_holder_only()
    {
        var (day, booker, eight, nine, line) = await FullDayAsync(3);
        await WaitlistKit.CancelAsync(booker, eight);
        await WaitlistKit.CancelAsync(booker, nine);

        // Everyone goes for both starts at once: the two holders claim, the third customer books either start directly.
        var attempts = line.Take(2).Select(w => w.Client.PostAsync($"/api/bookings/waitlist/{w.Entry}/claim/", null))
            .Concat([line[2].Client.PostAsJsonAsync("/api/bookings/bookings/", day.BookingBody(8)), line[2].Client.PostAsJsonAsync("/api/bookings/bookings/", day.BookingBody(9))]);
        var responses = await Task.WhenAll(attempts);

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode));
        var active = await app.WithDbAsync(db => db.Bookings.Where(b => b.ProviderId == day.ProviderId && b.Status != Web.Features.Bookings.BookingStatus.Cancelled)
            .Select(b => new { b.CustomerId, b.StartUtc }).ToListAsync());
        Assert.Equal(2, active.Count);
        Assert.Equal(2, active.Select(b => b.StartUtc).Distinct().Count());
        Assert.DoesNotContain(active, b => b.CustomerId == line[2].UserId);
    }

    [Fact]
    public async Task A_lapsed_offer_passes_to_the_next_in_line()
    {
        var (day, booker, eight, _, line) = await FullDayAsync(2);
        await WaitlistKit.CancelAsync(booker, eight);

        app.Clock.Advance(TimeSpan.FromMinutes(15));
        await app.RunWaitlistJobAsync();

        var second = await WaitlistKit.EntryAsync(line[1].Client, line[1].Entry);
        Assert.Equal("offered", second.GetProperty("status").GetString());
        Assert.Equal(day.At(8), WaitlistKit.OfferStart(second));
        Assert.Equal("waiting", await WaitlistKit.StatusAsync(line[0].Client, line[0].Entry));
    }

    [Fact]
    public async Task A_lapsed_offer_cannot_be_claimed()
    {
        var (day, booker, eight, _, line) = await FullDayAsync(1);
        await WaitlistKit.CancelAsync(booker, eight);
        app.Clock.Advance(TimeSpan.FromMinutes(15));

        var response = await line[0].Client.PostAsync($"/api/bookings/waitlist/{line[0].Entry}/claim/", null);

        await response.ProblemAsync((HttpStatusCode)422, "BOOKING_NOT_MODIFIABLE");
        Assert.Equal(0, await app.WithDbAsync(db => db.Bookings.CountAsync(b => b.ProviderId == day.ProviderId && b.CustomerId == line[0].UserId)));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    public async Task A_claim_racing_the_expiry_has_exactly_one_outcome(int secondsFromExpiry)
    {
        var (day, booker, eight, _, line) = await FullDayAsync(2);
        await WaitlistKit.CancelAsync(booker, eight);
        app.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(secondsFromExpiry));

        var claim = line[0].Client.PostAsync($"/api/bookings/waitlist/{line[0].Entry}/claim/", null);
        var sweep = app.RunWaitlistJobAsync();
        var response = await claim;
        await sweep;

        var first = await WaitlistKit.EntryAsync(line[0].Client, line[0].Entry);
        var second = await WaitlistKit.EntryAsync(line[1].Client, line[1].Entry);
        var booked = await app.WithDbAsync(db => db.Bookings.CountAsync(b => b.ProviderId == day.ProviderId && b.CustomerId == line[0].UserId));
        if (response.StatusCode == HttpStatusCode.Created)
        {
            Assert.Equal(("claimed", 1, "waiting"), (first.GetProperty("status").GetString(), booked, second.GetProperty("status").GetString()));
        }
        else
        {
            await response.ProblemAsync((HttpStatusCode)422, "BOOKING_NOT_MODIFIABLE");
            Assert.Equal(("waiting", 0, "offered"), (first.GetProperty("status").GetString(), booked, second.GetProperty("status").GetString()));
        }
        Assert.Equal(secondsFromExpiry < 0 ? HttpStatusCode.Created : (HttpStatusCode)422, response.StatusCode);
    }

    [Fact]
    public async Task A_customer_who_closed_their_account_is_passed_over()
    {
        var (day, booker, eight, _, line) = await FullDayAsync(2);
        var closed = await line[0].Client.PostAsJsonAsync("/api/auth/me/delete/", new { password = TestData.Password });
        Assert.Equal(HttpStatusCode.NoContent, closed.StatusCode);

        await WaitlistKit.CancelAsync(booker, eight);

        var second = await WaitlistKit.EntryAsync(line[1].Client, line[1].Entry);
        Assert.Equal(day.At(8), WaitlistKit.OfferStart(second));
        Assert.Equal(0, await app.WithDbAsync(db => db.WaitlistEntries.CountAsync(w => w.CustomerId == line[0].UserId)));
    }

    [Fact]
    public async Task A_start_held_for_a_customer_who_closes_their_account_passes_to_the_next_at_once()
    {
        var (day, booker, eight, _, line) = await FullDayAsync(2);
        await WaitlistKit.CancelAsync(booker, eight);
        Assert.Equal("offered", await WaitlistKit.StatusAsync(line[0].Client, line[0].Entry));

        var closed = await line[0].Client.PostAsJsonAsync("/api/auth/me/delete/", new { password = TestData.Password });

        Assert.Equal(HttpStatusCode.NoContent, closed.StatusCode);
        var second = await WaitlistKit.EntryAsync(line[1].Client, line[1].Entry);
        Assert.Equal("offered", second.GetProperty("status").GetString());
        Assert.Equal(day.At(8), WaitlistKit.OfferStart(second));
        Assert.Equal(0, await app.WithDbAsync(db => db.WaitlistEntries.CountAsync(w => w.CustomerId == line[0].UserId)));
    }

    [Fact]
    public async Task Leaving_with_an_offer_passes_the_start_on()
    {
        var (day, booker, eight, _, line) = await FullDayAsync(2);
        await WaitlistKit.CancelAsync(booker, eight);

        Assert.Equal(HttpStatusCode.NoContent, (await line[0].Client.DeleteAsync($"/api/bookings/waitlist/{line[0].Entry}/")).StatusCode);

        var second = await WaitlistKit.EntryAsync(line[1].Client, line[1].Entry);
        Assert.Equal(day.At(8), WaitlistKit.OfferStart(second));
    }

    [Fact]
    public async Task A_booking_moved_away_offers_its_old_start()
    {
        var (day, booker, eight, _, line) = await FullDayAsync(1);
        var booking = await (await booker.GetAsync($"/api/bookings/bookings/{eight}/")).JsonAsync(HttpStatusCode.OK);
        var nextDay = day.At(8).AddDays(day.Date.DayOfWeek == DayOfWeek.Saturday ? 2 : 1);

        var moved = await booker.PatchAsJsonAsync($"/api/bookings/bookings/{eight}/",
            new { start_time = TightDay.Wire(nextDay), version = booking.GetProperty("version").GetInt32() });
        await moved.JsonAsync(HttpStatusCode.OK);

        Assert.Equal(day.At(8), WaitlistKit.OfferStart(await WaitlistKit.EntryAsync(line[0].Client, line[0].Entry)));
    }

    [Fact]
    public async Task Only_a_start_inside_the_window_is_offered()
    {
        var (day, booker, eight, nine, _) = await FullDayAsync(0);
        var (late, _, _) = await app.CustomerAsync();
        var entry = await day.JoinAsync(late, earliest: "09:00");

        await WaitlistKit.CancelAsync(booker, eight);
        Assert.Equal("waiting", await WaitlistKit.StatusAsync(late, entry));

        await WaitlistKit.CancelAsync(booker, nine);
        Assert.Equal(day.At(9), WaitlistKit.OfferStart(await WaitlistKit.EntryAsync(late, entry)));
    }

    [Fact]
    public async Task Entries_for_a_past_date_expire()
    {
        var (day, _, _, _, line) = await FullDayAsync(1);

        app.Clock.Advance(TimeSpan.FromDays(4));
        await app.RunWaitlistJobAsync();

        // Read from the database: the customer's sign-in of four days ago has run out meanwhile.
        Assert.Equal(Web.Features.Waitlist.WaitlistStatus.Expired,
            await app.WithDbAsync(db => db.WaitlistEntries.Where(w => w.Id == line[0].Entry).Select(w => w.Status).SingleAsync()));
    }
}
