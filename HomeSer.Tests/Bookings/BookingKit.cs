using HomeSer.Tests.Support;
using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HomeSer.Tests.Bookings;

/// <summary>Actors, times and service calls for booking tests, all relative to the factory's clock.</summary>
public static class BookingKit
{
    public static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public static Actor AsCustomer(AppUser user) => new(user.Id, IsCustomer: true, IsProvider: false, IsAdmin: false, ProviderId: null);

    public static Actor AsProvider(TestData.ProviderSetup provider) => new(provider.User.Id, false, true, false, provider.Profile.Id);

    public static async Task<Actor> NewCustomerAsync(this HomeSerFactory factory) => AsCustomer(await factory.CreateUserAsync(Roles.Customer));

    public static async Task<Actor> NewAdminAsync(this HomeSerFactory factory) =>
        new((await factory.CreateUserAsync(Roles.Admin)).Id, false, false, true, null);

    /// <summary>The UTC instant of a Berlin wall-clock time, <paramref name="daysAhead"/> working days (Mon-Sat) after today.</summary>
    public static DateTime BerlinStart(this HomeSerFactory factory, int daysAhead, int hour, int minute = 0)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(factory.Clock.GetUtcNow().UtcDateTime, Berlin));
        var day = today;
        for (var i = 0; i < daysAhead; i++)
        {
            day = day.AddDays(1);
            if (day.DayOfWeek == DayOfWeek.Sunday)
            {
                day = day.AddDays(1);
            }
        }
        return TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(hour, minute)), Berlin);
    }

    /// <summary>Moves the clock to a booking's start (a job starts on its day and completes only after its start); never back.</summary>
    public static void ArriveAt(this HomeSerFactory factory, DateTime startUtc)
    {
        if (factory.Clock.GetUtcNow().UtcDateTime < startUtc)
        {
            factory.Clock.SetUtcNow(new DateTimeOffset(startUtc, TimeSpan.Zero));
        }
    }

    /// <summary>
    /// A start later today, on the quarter hour past the minimum notice: a test that runs a job books it and arrives, and
    /// the class's fixed later dates stay ahead.
    /// </summary>
    public static DateTime SoonStart(this HomeSerFactory factory)
    {
        var earliest = factory.Clock.GetUtcNow().UtcDateTime.AddMinutes(135);
        return new DateTime(earliest.Ticks - earliest.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc).AddMinutes(15 * ((earliest.Minute + 14) / 15));
    }

    public static CreateBookingCommand Command(TestData.ProviderSetup provider, DateTime startUtc, int? duration = null,
        string? paymentMethod = null, string? token = null, string? key = null, string? notes = null) =>
        new(provider.Service.Id, provider.Profile.Id, null, startUtc, duration, notes, paymentMethod, token, key);

    public static async Task<T> CallAsync<T>(this HomeSerFactory factory, Func<BookingService, Task<T>> call)
    {
        await using var scope = factory.Scope();
        return await call(scope.ServiceProvider.GetRequiredService<BookingService>());
    }

    public static Task<Result<CreatedBooking>> BookAsync(this HomeSerFactory factory, Actor customer, CreateBookingCommand command) =>
        factory.CallAsync(s => s.CreateAsync(customer, command, CancellationToken.None));

    /// <summary>Books and asserts success, for arranging.</summary>
    public static async Task<BookingView> BookedAsync(this HomeSerFactory factory, Actor customer, CreateBookingCommand command)
    {
        var result = await factory.BookAsync(customer, command);
        Assert.True(result.IsSuccess, $"arranging a booking failed: {result.Error}");
        return result.Value!.Booking;
    }

    public static BookingView Ok(this Result<BookingView> result)
    {
        Assert.True(result.IsSuccess, $"expected success, got {result.Error}");
        return result.Value!;
    }

    public static DomainError Failed<T>(this Result<T> result, ErrorKind kind)
    {
        Assert.False(result.IsSuccess, "expected a failure, got success");
        Assert.Equal(kind, result.Error!.Kind);
        return result.Error;
    }

    public static void HasField(this DomainError error, string field) =>
        Assert.True(error.Fields?.ContainsKey(field) == true, $"expected an error on '{field}', got: {string.Join(", ", error.Fields?.Keys ?? [])} ({error.Message})");

    public static Task<List<Booking>> ActiveBookingsOfAsync(this HomeSerFactory factory, int providerId) =>
        factory.WithDbAsync(db => db.Bookings.AsNoTracking()
            .Where(b => b.ProviderId == providerId).ToListAsync()
            .ContinueWith(t => t.Result.Where(b => b.Status.HoldsTime()).ToList()));

    /// <summary>Asserts no two active bookings of the provider overlap once each is widened by the buffer on one side.</summary>
    public static void AssertNoOverlap(IReadOnlyList<Booking> active, int bufferMinutes)
    {
        var sorted = active.OrderBy(b => b.StartUtc).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            Assert.True(sorted[i - 1].ScheduledEndUtc.AddMinutes(bufferMinutes) <= sorted[i].StartUtc,
                $"bookings {sorted[i - 1].Id} ({sorted[i - 1].StartUtc:u}-{sorted[i - 1].ScheduledEndUtc:u}) and {sorted[i].Id} ({sorted[i].StartUtc:u}) overlap with a {bufferMinutes}-minute buffer");
        }
    }

    public static Task<T> DbAsync<T>(this HomeSerFactory factory, Func<HomeSerDbContext, Task<T>> work) => factory.WithDbAsync(work);
}
