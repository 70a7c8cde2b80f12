using System.Net;
using HomeSer.Tests.Bookings;
using HomeSer.Tests.Support;
using static HomeSer.Tests.Bookings.BookingKit;

namespace HomeSer.Tests.Api;

/// <summary>A job runs on its day: started no earlier than the provider's calendar day, completed only after its start.</summary>
public sealed class JobDayApiTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    private async Task<(HttpClient Provider, HttpClient ProviderPages, string Url, DateTime Start, string Email)> ConfirmedAsync(int daysAhead)
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.NewCustomerAsync();
        var booking = await factory.BookedAsync(customer, Command(provider, factory.BerlinStart(daysAhead, 10)));
        var api = await factory.ClientForAsync(provider.User.Email!);
        var url = $"/api/bookings/bookings/{booking.Id}/";
        await (await api.PostJsonAsync($"{url}confirm/", new { })).JsonAsync(HttpStatusCode.OK);
        return (api, await factory.SignedInAsync(provider.User.Email!), url, booking.StartTime, provider.User.Email!);
    }

    [Fact]
    public async Task A_job_two_days_ahead_cannot_be_started_and_its_page_offers_no_start()
    {
        var (api, pages, url, _, _) = await ConfirmedAsync(daysAhead: 2);
        var id = url.Split('/', StringSplitOptions.RemoveEmptyEntries)[^1];

        var started = await api.PostJsonAsync($"{url}start/", new { });
        var page = await pages.GetStringAsync($"/Bookings/{id}");

        var problem = await started.ProblemAsync((HttpStatusCode)422, "BOOKING_NOT_MODIFIABLE");
        Assert.Contains("on its day", problem.GetProperty("detail").GetString());
        Assert.Equal("confirmed", (await (await api.GetAsync(url)).JsonAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
        Assert.DoesNotContain("<button type=\"submit\">Start</button>", page);
    }

    [Fact]
    public async Task On_its_day_the_job_starts_but_completes_only_after_its_start_so_end_time_is_never_before_start_time()
    {
        var (_, _, url, start, email) = await ConfirmedAsync(daysAhead: 1);
        factory.ArriveAt(start.AddHours(-2));
        // Signed in again after each move of the clock: access tokens are short-lived.
        var api = await factory.ClientForAsync(email);

        var started = await (await api.PostJsonAsync($"{url}start/", new { })).JsonAsync(HttpStatusCode.OK);
        var early = await api.PostJsonAsync($"{url}complete/", new { });
        await early.ProblemAsync((HttpStatusCode)422, "BOOKING_NOT_MODIFIABLE");
        factory.ArriveAt(start.AddMinutes(50));
        api = await factory.ClientForAsync(email);
        var completed = await (await api.PostJsonAsync($"{url}complete/", new { })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("in_progress", started.GetProperty("status").GetString());
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        Assert.True(completed.GetProperty("end_time").GetDateTime().ToUniversalTime() >= completed.GetProperty("start_time").GetDateTime().ToUniversalTime());
    }
}
