using System.Net;
using System.Net.Http.Json;
using HomeSer.Tests.Api;
using HomeSer.Tests.Live;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Tests.Waitlist;

/// <summary>The waitlist routes through the real pipeline: joining, the errors of each field, ownership and leaving.</summary>
public sealed class WaitlistApiTests(WaitlistFactory app) : IClassFixture<WaitlistFactory>
{
    [Fact]
    public async Task Joining_answers_a_waiting_entry_with_its_location()
    {
        var day = await app.TightDayAsync();
        await day.FillAsync(app);
        var (customer, _, _) = await app.CustomerAsync();

        var response = await customer.PostAsJsonAsync("/api/bookings/waitlist/", day.JoinBody("08:00", "10:00"));

        var entry = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/bookings/waitlist/{entry.GetProperty("id").GetInt32()}/", response.Headers.Location?.OriginalString);
        Assert.Equal("waiting", entry.GetProperty("status").GetString());
        Assert.Equal(day.ProviderId, entry.GetProperty("provider").GetInt32());
        Assert.Equal(day.ServiceId, entry.GetProperty("service").GetInt32());
        Assert.Equal(day.Date.ToString("yyyy-MM-dd"), entry.GetProperty("date").GetString());
        Assert.Equal("08:00", entry.GetProperty("earliest").GetString());
        Assert.Equal("10:00", entry.GetProperty("latest").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, entry.GetProperty("offer").ValueKind);
        Assert.True(entry.TryGetProperty("created_at", out _));
    }

    [Fact]
    public async Task Joining_while_the_window_has_free_time_holds_that_time_at_once()
    {
        var day = await app.TightDayAsync();
        var (booker, _, _) = await app.CustomerAsync();
        await day.BookAsync(booker, 8);
        var (customer, _, _) = await app.CustomerAsync();

        var response = await customer.PostAsJsonAsync("/api/bookings/waitlist/", day.JoinBody());

        var entry = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal("offered", entry.GetProperty("status").GetString());
        Assert.Equal(day.At(9), WaitlistKit.OfferStart(entry));
        Assert.DoesNotContain(day.At(9), await day.FreeStartsAsync(booker));
    }

    [Fact]
    public async Task My_waitlist_lists_only_my_entries()
    {
        var day = await app.TightDayAsync();
        var (mine, _, _) = await app.CustomerAsync();
        var (other, _, _) = await app.CustomerAsync();
        var id = await day.JoinAsync(mine);
        await day.JoinAsync(other);

        var page = await (await mine.GetAsync("/api/bookings/waitlist/")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(1, page.GetProperty("count").GetInt32());
        Assert.Equal(id, Assert.Single(page.GetProperty("results").EnumerateArray()).GetProperty("id").GetInt32());
    }

    [Theory]
    [InlineData("{\"service\":1,\"date\":\"2030-01-10\"}", "provider")]
    [InlineData("{\"provider\":999999,\"service\":1,\"date\":\"2030-01-10\"}", "provider")]
    [InlineData("{\"provider\":0,\"date\":\"2030-01-10\"}", "service")]
    [InlineData("{\"provider\":0,\"service\":0}", "date")]
    [InlineData("{\"provider\":0,\"service\":0,\"date\":\"10.01.2030\"}", "date")]
    [InlineData("{\"provider\":0,\"service\":0,\"date\":\"2020-01-10\"}", "date")]
    [InlineData("{\"provider\":0,\"service\":0,\"date\":\"2031-01-10\"}", "date")]
    [InlineData("{\"provider\":0,\"service\":0,\"date\":\"2030-01-10\",\"earliest\":\"9am\"}", "earliest")]
    [InlineData("{\"provider\":0,\"service\":0,\"date\":\"2030-01-10\",\"earliest\":\"10:00\",\"latest\":\"09:00\"}", "latest")]
    [InlineData("{\"provider\":0,\"service\":0,\"date\":\"2030-01-10\",\"earliest\":\"09:00\",\"latest\":\"09:30\"}", "latest")]
    [InlineData("{\"provider\":0,\"service\":0,\"date\":\"2030-01-10\",\"latest\":\"25:00\"}", "latest")]
    public async Task A_bad_join_names_the_field(string template, string field)
    {
        var day = await app.TightDayAsync();
        var (customer, _, _) = await app.CustomerAsync();
        var body = template.Replace("\"provider\":0", $"\"provider\":{day.ProviderId}").Replace("\"service\":0", $"\"service\":{day.ServiceId}")
            .Replace("\"service\":1", $"\"service\":{day.ServiceId}");

        var response = await customer.SendRawAsync(HttpMethod.Post, "/api/bookings/waitlist/", body);

        await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", field);
        Assert.False(await app.WithDbAsync(db => db.WaitlistEntries.AnyAsync(w => w.ProviderId == day.ProviderId)), "nothing is written");
    }

    [Fact]
    public async Task A_day_the_provider_never_works_has_no_waitlist()
    {
        var day = await app.TightDayAsync();
        var sunday = day.Date.AddDays(DayOfWeek.Sunday - day.Date.DayOfWeek + 7);
        var (customer, _, _) = await app.CustomerAsync();

        var response = await customer.PostAsJsonAsync("/api/bookings/waitlist/", new { provider = day.ProviderId, service = day.ServiceId, date = sunday.ToString("yyyy-MM-dd") });

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "date");
        Assert.Contains("does not work on Sundays", problem.GetRawText());
        Assert.Equal(0, await app.WithDbAsync(db => db.WaitlistEntries.CountAsync(w => w.ProviderId == day.ProviderId)));
    }

    [Fact]
    public async Task Joining_the_same_day_twice_is_refused()
    {
        var day = await app.TightDayAsync();
        var (customer, _, _) = await app.CustomerAsync();
        await day.JoinAsync(customer);

        var again = await customer.PostAsJsonAsync("/api/bookings/waitlist/", day.JoinBody());

        await again.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "date");
    }

    [Fact]
    public async Task A_provider_cannot_join_a_waitlist()
    {
        var day = await app.TightDayAsync();

        var response = await day.ProviderClient.PostAsJsonAsync("/api/bookings/waitlist/", day.JoinBody());

        await response.ProblemAsync(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
    }

    [Fact]
    public async Task Nobody_signed_in_gets_401()
    {
        var response = await app.CreateClient().GetAsync("/api/bookings/waitlist/");

        await response.ProblemAsync(HttpStatusCode.Unauthorized, "NOT_AUTHENTICATED");
    }

    [Fact]
    public async Task Another_customers_entry_is_not_found()
    {
        var day = await app.TightDayAsync();
        await day.FillAsync(app);
        var (owner, _, _) = await app.CustomerAsync();
        var (other, _, _) = await app.CustomerAsync();
        var id = await day.JoinAsync(owner);

        await (await other.GetAsync($"/api/bookings/waitlist/{id}/")).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await other.DeleteAsync($"/api/bookings/waitlist/{id}/")).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await other.PostAsync($"/api/bookings/waitlist/{id}/claim/", null)).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal("waiting", await WaitlistKit.StatusAsync(owner, id));
    }

    [Fact]
    public async Task Leaving_removes_the_entry()
    {
        var day = await app.TightDayAsync();
        var (customer, _, _) = await app.CustomerAsync();
        var id = await day.JoinAsync(customer);

        var response = await customer.DeleteAsync($"/api/bookings/waitlist/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await (await customer.GetAsync($"/api/bookings/waitlist/{id}/")).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Claiming_a_waiting_entry_is_not_modifiable()
    {
        var day = await app.TightDayAsync();
        await day.FillAsync(app);
        var (customer, _, _) = await app.CustomerAsync();
        var id = await day.JoinAsync(customer);

        var response = await customer.PostAsync($"/api/bookings/waitlist/{id}/claim/", null);

        await response.ProblemAsync((HttpStatusCode)422, "BOOKING_NOT_MODIFIABLE");
        Assert.Equal(2, await app.WithDbAsync(db => db.Bookings.CountAsync(b => b.ProviderId == day.ProviderId)));
    }
}
