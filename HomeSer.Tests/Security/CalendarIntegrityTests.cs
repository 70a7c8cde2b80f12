using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeSer.Tests.Api;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static HomeSer.Tests.Bookings.BookingKit;

namespace HomeSer.Tests.Security;

/// <summary>Time off and working hours never silently strand an active booking: 409 naming it, or an explicit cancel_affected.</summary>
public sealed class CalendarIntegrityTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    private const string Schedule = "/api/providers/me/schedule/";
    private const string TimeOff = "/api/providers/me/time-off/";

    private async Task<(TestData.ProviderSetup Provider, HttpClient Client, BookingView Booking)> ConfirmedBookingAsync(string? token = null)
    {
        var provider = await factory.CreateProviderAsync();
        var booking = await factory.BookedAsync(await factory.NewCustomerAsync(),
            Command(provider, factory.BerlinStart(2, 10), paymentMethod: token is null ? null : "card", token: token));
        (await factory.CallAsync(s => s.ConfirmAsync(AsProvider(provider), booking.Id, default))).Ok();
        return (provider, await factory.ClientForAsync(provider.User.Email!), booking);
    }

    private Task<BookingStatus> StatusAsync(int bookingId) =>
        factory.DbAsync(db => db.Bookings.AsNoTracking().Where(b => b.Id == bookingId).Select(b => b.Status).SingleAsync());

    private static int[] NamedBookings(JsonElement problem) =>
        problem.GetProperty("bookings").EnumerateArray().Select(b => b.GetProperty("id").GetInt32()).ToArray();

    private static object NoHours(bool? cancelAffected = null) => new { timezone = "Europe/Berlin", weekly_hours = Array.Empty<object>(), cancel_affected = cancelAffected };

    [Fact]
    public async Task Time_off_over_a_confirmed_booking_is_a_conflict_naming_it()
    {
        var (provider, client, booking) = await ConfirmedBookingAsync();

        var response = await client.PostAsJsonAsync(TimeOff, new { start_time = booking.StartTime.AddHours(-1), end_time = booking.StartTime.AddHours(3) });

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict, "BOOKING_CONFLICT", "start_time");
        Assert.Equal([booking.Id], NamedBookings(problem));
        Assert.Equal(BookingStatus.Confirmed, await StatusAsync(booking.Id));
        Assert.Equal(0, await factory.DbAsync(db => db.TimeOff.CountAsync(t => t.ProviderId == provider.Profile.Id)));
    }

    [Fact]
    public async Task Time_off_with_cancel_affected_cancels_the_booking_releases_the_card_and_tells_the_customer()
    {
        var (provider, client, booking) = await ConfirmedBookingAsync(TestPaymentGateway.Visa);

        var response = await client.PostAsJsonAsync(TimeOff, new { start_time = booking.StartTime.AddHours(-1), end_time = booking.StartTime.AddHours(3), cancel_affected = true });

        await response.JsonAsync(HttpStatusCode.Created);
        var stored = await factory.DbAsync(db => db.Bookings.AsNoTracking().Include(b => b.Payment).SingleAsync(b => b.Id == booking.Id));
        Assert.Equal((BookingStatus.Cancelled, PaymentStatus.Voided), (stored.Status, stored.Payment!.Status));
        Assert.Equal(1, await factory.DbAsync(db => db.TimeOff.CountAsync(t => t.ProviderId == provider.Profile.Id)));
        Assert.True(await factory.DbAsync(db => db.Notifications.AnyAsync(n => n.UserId == booking.Customer && n.BookingId == booking.Id && n.Kind == HomeSer.Web.Features.Notifications.BookingNotifications.Kinds.Cancelled)),
            "the customer is notified of the cancellation");
    }

    [Fact]
    public async Task Time_off_beside_a_booking_is_accepted()
    {
        var (_, client, booking) = await ConfirmedBookingAsync();

        var response = await client.PostAsJsonAsync(TimeOff, new { start_time = booking.ScheduledEndTime.AddHours(1), end_time = booking.ScheduledEndTime.AddHours(2) });

        await response.JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_schedule_with_no_working_hours_is_a_conflict_while_bookings_are_coming()
    {
        var (_, client, booking) = await ConfirmedBookingAsync();

        var response = await client.PutAsJsonAsync(Schedule, NoHours());

        var problem = await response.ProblemAsync(HttpStatusCode.Conflict, "BOOKING_CONFLICT", "weekly_hours");
        Assert.Equal([booking.Id], NamedBookings(problem));
        Assert.Equal(BookingStatus.Confirmed, await StatusAsync(booking.Id));
        Assert.True(await factory.DbAsync(db => db.WeeklyHours.AnyAsync(h => h.ProviderId == booking.Provider)), "the old hours are kept");
    }

    [Fact]
    public async Task A_schedule_with_cancel_affected_cancels_the_bookings_it_leaves_outside()
    {
        var (_, client, booking) = await ConfirmedBookingAsync();

        var response = await client.PutAsJsonAsync(Schedule, NoHours(cancelAffected: true));

        await response.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(BookingStatus.Cancelled, await StatusAsync(booking.Id));
    }
}
