using HomeSer.Tests.Support;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static HomeSer.Tests.Bookings.BookingKit;

namespace HomeSer.Tests.Bookings;

public sealed class BookingCreationTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    [Fact]
    public async Task Customer_books_a_free_slot_and_gets_a_pending_booking_paid_on_completion()
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.NewCustomerAsync();
        var start = factory.BerlinStart(1, 10);

        var created = await factory.BookAsync(customer, Command(provider, start, notes: "Ring twice"));

        Assert.True(created.IsSuccess, created.Error?.ToString());
        var booking = created.Value!.Booking;
        Assert.False(created.Value.Replayed);
        Assert.Equal("pending", booking.Status);
        Assert.Equal(start, booking.StartTime);
        Assert.Equal(60, booking.Duration);
        Assert.Equal(start.AddMinutes(60), booking.ScheduledEndTime);
        Assert.Equal(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(start, Berlin)), booking.BookingDate);
        Assert.Equal(8900, booking.PriceCents);
        Assert.Equal(new PaymentView("pending", "on_completion", 8900), booking.Payment);
        Assert.Equal("Ring twice", booking.CustomerNotes);
        Assert.Null(booking.EndTime);
    }

    [Fact]
    public async Task A_longer_booking_costs_pro_rata_of_the_service_price()
    {
        var provider = await factory.CreateProviderAsync();
        var booking = await factory.BookedAsync(await factory.NewCustomerAsync(), Command(provider, factory.BerlinStart(1, 10), duration: 90));

        Assert.Equal(13350, booking.PriceCents);
        Assert.Equal(13350, booking.Payment.AmountCents);
    }

    [Fact]
    public async Task Only_customers_can_book()
    {
        var provider = await factory.CreateProviderAsync();

        var result = await factory.BookAsync(AsProvider(provider), Command(provider, factory.BerlinStart(1, 10)));

        result.Failed(ErrorKind.Forbidden);
    }

    [Fact]
    public async Task Missing_service_provider_and_start_are_all_reported_together()
    {
        var result = await factory.BookAsync(await factory.NewCustomerAsync(), new CreateBookingCommand(null, null, null, null, null, null, null, null, null));

        var error = result.Failed(ErrorKind.Validation);
        error.HasField("service");
        error.HasField("provider");
        error.HasField("start_time");
    }

    [Fact]
    public async Task Unknown_service_and_provider_ids_are_validation_errors()
    {
        var result = await factory.BookAsync(await factory.NewCustomerAsync(),
            new CreateBookingCommand(987654, 987654, null, factory.BerlinStart(1, 10), null, null, null, null, null));

        var error = result.Failed(ErrorKind.Validation);
        error.HasField("service");
        error.HasField("provider");
    }

    [Fact]
    public async Task A_service_of_another_provider_is_rejected_on_service()
    {
        var provider = await factory.CreateProviderAsync();
        var other = await factory.CreateProviderAsync();

        var result = await factory.BookAsync(await factory.NewCustomerAsync(), Command(provider, factory.BerlinStart(1, 10)) with { ServiceId = other.Service.Id });

        result.Failed(ErrorKind.Validation).HasField("service");
    }

    [Fact]
    public async Task An_inactive_service_is_rejected_on_service()
    {
        var provider = await factory.CreateProviderAsync();
        await factory.DbAsync(db => db.Services.Where(s => s.Id == provider.Service.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false)));

        var result = await factory.BookAsync(await factory.NewCustomerAsync(), Command(provider, factory.BerlinStart(1, 10)));

        result.Failed(ErrorKind.Validation).HasField("service");
    }

    [Fact]
    public async Task An_unverified_provider_is_rejected_on_provider()
    {
        var provider = await factory.CreateProviderAsync(verified: false);

        var result = await factory.BookAsync(await factory.NewCustomerAsync(), Command(provider, factory.BerlinStart(1, 10)));

        result.Failed(ErrorKind.Validation).HasField("provider");
    }

    [Fact]
    public async Task An_inactive_provider_is_rejected_on_provider()
    {
        var provider = await factory.CreateProviderAsync();
        await factory.DbAsync(db => db.Providers.Where(p => p.Id == provider.Profile.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false)));

        var result = await factory.BookAsync(await factory.NewCustomerAsync(), Command(provider, factory.BerlinStart(1, 10)));

        result.Failed(ErrorKind.Validation).HasField("provider");
    }

    public static TheoryData<string, int> BadStarts => new()
    {
        { "in the past", -24 * 60 },
        { "inside the 60-minute minimum notice", 30 },
        { "beyond the 60-day window", 61 * 24 * 60 },
        { "off the 15-minute grid", 26 * 60 + 7 },
    };

    [Theory]
    [MemberData(nameof(BadStarts))]
    public async Task A_start_that_breaks_a_time_rule_is_rejected_on_start_time(string why, int minutesFromNow)
    {
        var provider = await factory.CreateProviderAsync();
        var start = factory.Clock.GetUtcNow().UtcDateTime.AddMinutes(minutesFromNow);

        var result = await factory.BookAsync(await factory.NewCustomerAsync(), Command(provider, start));

        Assert.False(result.IsSuccess, why);
        result.Failed(ErrorKind.Validation).HasField("start_time");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-15)]
    [InlineData(50)]
    [InlineData(15)]
    [InlineData(300)]
    public async Task A_duration_that_is_not_positive_on_the_grid_and_within_the_service_limits_is_rejected(int duration)
    {
        var provider = await factory.CreateProviderAsync();

        var result = await factory.BookAsync(await factory.NewCustomerAsync(), Command(provider, factory.BerlinStart(1, 10), duration: duration));

        result.Failed(ErrorKind.Validation).HasField("duration");
    }

    [Fact]
    public async Task A_booking_date_that_is_not_the_local_date_of_the_start_is_rejected()
    {
        var provider = await factory.CreateProviderAsync();
        var start = factory.BerlinStart(1, 10);
        var localDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(start, Berlin));

        var wrong = await factory.BookAsync(await factory.NewCustomerAsync(), Command(provider, start) with { BookingDate = localDate.AddDays(1) });
        var right = await factory.BookAsync(await factory.NewCustomerAsync(), Command(provider, start) with { BookingDate = localDate });

        wrong.Failed(ErrorKind.Validation).HasField("booking_date");
        Assert.True(right.IsSuccess, right.Error?.ToString());
    }

    [Fact]
    public async Task Every_broken_field_rule_is_reported_at_once()
    {
        var provider = await factory.CreateProviderAsync();
        var command = Command(provider, factory.BerlinStart(1, 10, 7), duration: 50, paymentMethod: "cheque", notes: new string('x', 2001))
            with { BookingDate = new DateOnly(2000, 1, 1) };

        var error = (await factory.BookAsync(await factory.NewCustomerAsync(), command)).Failed(ErrorKind.Validation);

        foreach (var field in new[] { "start_time", "duration", "payment_method", "customer_notes", "booking_date" })
        {
            error.HasField(field);
        }
    }

    [Theory]
    [InlineData("card", null)]
    [InlineData("card", "tok_forged")]
    public async Task A_card_payment_needs_a_valid_token(string method, string? token)
    {
        var provider = await factory.CreateProviderAsync();

        var result = await factory.BookAsync(await factory.NewCustomerAsync(), Command(provider, factory.BerlinStart(1, 10), paymentMethod: method, token: token));

        result.Failed(ErrorKind.Validation).HasField("payment_token");
    }

    [Fact]
    public async Task Outside_working_hours_is_a_conflict()
    {
        var provider = await factory.CreateProviderAsync();

        var evening = await factory.BookAsync(await factory.NewCustomerAsync(), Command(provider, factory.BerlinStart(1, 17, 30)));

        Assert.Contains("working hours", evening.Failed(ErrorKind.Conflict).Message);
    }

    [Fact]
    public async Task Time_off_is_a_conflict()
    {
        var provider = await factory.CreateProviderAsync();
        var start = factory.BerlinStart(1, 10);
        await factory.DbAsync(async db =>
        {
            db.TimeOff.Add(new TimeOff { ProviderId = provider.Profile.Id, StartUtc = start.AddHours(-2), EndUtc = start.AddHours(3), Reason = "Dentist" });
            return await db.SaveChangesAsync();
        });

        var result = await factory.BookAsync(await factory.NewCustomerAsync(), Command(provider, start));

        Assert.Contains("time off", result.Failed(ErrorKind.Conflict).Message);
    }

    [Fact]
    public async Task Same_slot_twice_is_a_conflict()
    {
        var provider = await factory.CreateProviderAsync();
        var start = factory.BerlinStart(1, 10);
        await factory.BookedAsync(await factory.NewCustomerAsync(), Command(provider, start));

        var second = await factory.BookAsync(await factory.NewCustomerAsync(), Command(provider, start));

        second.Failed(ErrorKind.Conflict).HasField("start_time");
    }

    [Fact]
    public async Task The_travel_buffer_keeps_the_next_slot_free_until_it_has_passed()
    {
        var provider = await factory.CreateProviderAsync(bufferMinutes: 30);
        var start = factory.BerlinStart(1, 10);
        await factory.BookedAsync(await factory.NewCustomerAsync(), Command(provider, start));

        var insideBuffer = await factory.BookAsync(await factory.NewCustomerAsync(), Command(provider, start.AddMinutes(75)));
        var beforeInsideBuffer = await factory.BookAsync(await factory.NewCustomerAsync(), Command(provider, start.AddMinutes(-75)));
        var afterBuffer = await factory.BookAsync(await factory.NewCustomerAsync(), Command(provider, start.AddMinutes(90)));

        Assert.Contains("buffer", insideBuffer.Failed(ErrorKind.Conflict).Message);
        beforeInsideBuffer.Failed(ErrorKind.Conflict);
        Assert.True(afterBuffer.IsSuccess, afterBuffer.Error?.ToString());
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_first_booking()
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.NewCustomerAsync();
        var command = Command(provider, factory.BerlinStart(1, 10), key: "order-1");

        var first = await factory.BookAsync(customer, command);
        var retry = await factory.BookAsync(customer, command);

        Assert.False(first.Value!.Replayed);
        Assert.True(retry.Value!.Replayed);
        Assert.Equal(first.Value.Booking.Id, retry.Value.Booking.Id);
        Assert.Single(await factory.ActiveBookingsOfAsync(provider.Profile.Id));
    }
}
