using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Tests.Api;

/// <summary>
/// The app plus a cast signed in once: two customers, two providers, an admin and an anonymous client.
/// Every booking gets a slot of its own, so tests in the class never collide; the clock never moves.
/// </summary>
public class BookingsFixture : HomeSerFactory
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Cast? _cast;
    private int _nextSlot;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("RateLimits:BookingsPerMinute", "100000")];

    public sealed record Cast(
        TestData.ProviderSetup Provider, TestData.ProviderSetup OtherProvider,
        HttpClient Anonymous, HttpClient Customer, HttpClient OtherCustomer, HttpClient ProviderClient, HttpClient OtherProviderClient, HttpClient Admin,
        string CustomerEmail = "")
    {
        public HttpClient ByName(string name) => name switch
        {
            "anonymous" => Anonymous,
            "customer" => Customer,
            "other_customer" => OtherCustomer,
            "provider" => ProviderClient,
            "other_provider" => OtherProviderClient,
            "admin" => Admin,
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    public async Task<Cast> CastAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_cast is null)
            {
                var customer = await this.CreateUserAsync(Roles.Customer);
                var otherCustomer = await this.CreateUserAsync(Roles.Customer);
                var admin = await this.CreateUserAsync(Roles.Admin);
                var provider = await this.CreateProviderAsync();
                var otherProvider = await this.CreateProviderAsync();
                _cast = new Cast(provider, otherProvider, CreateClient(),
                    await this.ClientForAsync(customer.Email!), await this.ClientForAsync(otherCustomer.Email!),
                    await this.ClientForAsync(provider.User.Email!), await this.ClientForAsync(otherProvider.User.Email!),
                    await this.ClientForAsync(admin.Email!), customer.Email!);
            }
            return _cast;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A distinct future working hour of the cast's provider (Berlin, Mon-Sat 08-18): 09:00-16:00 local from Tue 2030-01-08.</summary>
    public DateTime NextSlot()
    {
        var n = Interlocked.Increment(ref _nextSlot) - 1;
        var date = new DateTime(2030, 1, 8, 0, 0, 0, DateTimeKind.Utc);
        for (var day = n / 8; day > 0; day--)
        {
            date = date.AddDays(date.AddDays(1).DayOfWeek == DayOfWeek.Sunday ? 2 : 1);
        }
        return date.AddHours(8 + n % 8);
    }

    public static object BookingBody(Cast cast, DateTime start) => new
    {
        service = cast.Provider.Service.Id,
        provider = cast.Provider.Profile.Id,
        start_time = start.ToString("yyyy-MM-ddTHH:mm:ssZ"),
        duration = 60,
        customer_notes = "Ring twice",
    };

    /// <summary>Books a slot as <paramref name="customer"/> (default: the cast's customer) and walks it to <paramref name="status"/>.</summary>
    public async Task<JsonElement> BookAsync(string status = "pending", HttpClient? customer = null)
    {
        var cast = await CastAsync();
        var response = await (customer ?? cast.Customer).PostAsJsonAsync("/api/bookings/bookings/", BookingBody(cast, NextSlot()));
        var booking = await response.JsonAsync(HttpStatusCode.Created);
        var id = booking.GetProperty("id").GetInt32();
        string[] path = status switch
        {
            "pending" => [],
            "confirmed" => ["confirm"],
            "in_progress" => ["confirm", "start"],
            "completed" => ["confirm", "start", "complete"],
            "cancelled" => ["cancel"],
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        foreach (var move in path)
        {
            if (move == "start")
            {
                // A job starts on its day and completes after its start: the booking's time comes to the clock.
                await StartedAnHourAgoAsync(id);
            }
            booking = await (await cast.ProviderClient.PostAsync($"/api/bookings/bookings/{id}/{move}/", null)).JsonAsync(HttpStatusCode.OK);
        }
        return booking;
    }

    /// <summary>Moves a booking's start into the past (as if time had passed) without moving the shared clock.</summary>
    public Task StartedAnHourAgoAsync(int bookingId) => WithDbAsync(async db =>
    {
        var start = Clock.GetUtcNow().UtcDateTime.AddHours(-1);
        return await db.Bookings.Where(b => b.Id == bookingId)
            .ExecuteUpdateAsync(set => set.SetProperty(b => b.StartUtc, start).SetProperty(b => b.ScheduledEndUtc, start.AddHours(1)));
    });

    public Task<int> CountBookingsAsync() => WithDbAsync(db => db.Bookings.CountAsync());
}
