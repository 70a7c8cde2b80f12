using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using static HomeSer.Tests.Bookings.BookingKit;

namespace HomeSer.Tests.Bookings;

/// <summary>Series and single bookings racing for the same weeks, with this process's SQLite writers queued (the default).</summary>
public sealed class SeriesRaceTests(HomeSerFactory factory) : SeriesRaces<HomeSerFactory>(factory);

/// <summary>The same race with the in-process queue off: only the file lock and the ScheduleVersion token decide.</summary>
public sealed class SeriesRaceOnTheDatabaseAloneTests(UnqueuedWritersFactory factory) : SeriesRaces<UnqueuedWritersFactory>(factory);

/// <summary>Every request through the real HTTP pipeline, each customer with a client of their own, all released at once.</summary>
public abstract class SeriesRaces<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : HomeSerFactory
{
    private static string Instant(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Two_series_and_single_bookings_for_the_same_weeks_never_overlap_and_leave_no_partial_series()
    {
        var provider = await factory.CreateProviderAsync(bufferMinutes: 15, maxAdvanceDays: 365);
        var tuesday = factory.BerlinStart(1, 10); // Tuesday 2030-01-08 10:00 Berlin
        var clients = new List<HttpClient>();
        for (var i = 0; i < 14; i++)
        {
            clients.Add(await factory.ClientForAsync((await factory.CreateUserAsync(Roles.Customer)).Email!));
        }

        object SeriesBody(int minute, bool partial) => new
        {
            service = provider.Service.Id,
            provider = provider.Profile.Id,
            start_time = Instant(tuesday.AddMinutes(minute)),
            recurrence = new { frequency = "weekly", count = 8 },
            allow_partial = partial,
        };
        // Two all-or-nothing series 30 minutes apart (they overlap every week), one partial series between them, and
        // eleven single bookings on those Tuesdays at the same times.
        var requests = new List<(HttpClient Client, string Url, object Body, bool IsSeries, bool Partial)>
        {
            (clients[0], "/api/bookings/series/", SeriesBody(0, partial: false), true, false),
            (clients[1], "/api/bookings/series/", SeriesBody(30, partial: false), true, false),
            (clients[2], "/api/bookings/series/", SeriesBody(15, partial: true), true, true),
        };
        for (var i = 3; i < clients.Count; i++)
        {
            var start = tuesday.AddDays(7 * (i % 8)).AddMinutes(15 * (i % 3));
            requests.Add((clients[i], "/api/bookings/bookings/",
                new { service = provider.Service.Id, provider = provider.Profile.Id, start_time = Instant(start) }, false, false));
        }

        var gate = new TaskCompletionSource();
        var racing = requests.Select(r => Task.Run(async () =>
        {
            await gate.Task;
            var response = await r.Client.PostAsJsonAsync(r.Url, r.Body);
            return (r, response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        })).ToList();
        gate.SetResult();
        var answers = await Task.WhenAll(racing);

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{(int)a.StatusCode}: {a.Body}"));
        var active = await factory.ActiveBookingsOfAsync(provider.Profile.Id);
        AssertNoOverlap(active, bufferMinutes: 15);

        var bookedBySeries = 0;
        foreach (var answer in answers.Where(a => a.r.IsSeries && a.StatusCode == HttpStatusCode.Created))
        {
            var series = JsonDocument.Parse(answer.Body).RootElement;
            var booked = series.GetProperty("bookings").GetArrayLength();
            bookedBySeries += booked;
            Assert.Equal(8, booked + series.GetProperty("skipped").GetArrayLength());
            if (!answer.r.Partial)
            {
                Assert.Equal(8, booked);
            }
        }
        var singles = answers.Count(a => !a.r.IsSeries && a.StatusCode == HttpStatusCode.Created);
        Assert.Equal(bookedBySeries + singles, active.Count);

        // A refused series left nothing behind: every stored series has all its non-skipped visits.
        var stored = await factory.WithDbAsync(db => db.BookingSeries.Where(s => s.ProviderId == provider.Profile.Id)
            .Select(s => new { s.Count, s.AllowPartial, Visits = db.Bookings.Count(b => b.SeriesId == s.Id) }).ToListAsync());
        Assert.Equal(answers.Count(a => a.r.IsSeries && a.StatusCode == HttpStatusCode.Created), stored.Count);
        Assert.All(stored.Where(s => !s.AllowPartial), s => Assert.Equal(s.Count, s.Visits));
        // The two all-or-nothing series overlap every week: at most one of them can have won.
        Assert.True(answers.Take(2).Count(a => a.StatusCode == HttpStatusCode.Created) <= 1);
    }
}
