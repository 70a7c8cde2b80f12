using HomeSer.Tests.Support;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static HomeSer.Tests.Bookings.BookingKit;

namespace HomeSer.Tests.Bookings;

public sealed class AvailabilityServiceTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    private async Task<Result<AvailabilityView>> SlotsAsync(int providerId, DateOnly? date, int days = 1, int? serviceId = null)
    {
        await using var scope = factory.Scope();
        return await scope.ServiceProvider.GetRequiredService<AvailabilityService>().GetSlotsAsync(providerId, date, days, serviceId, default);
    }

    private DateOnly LocalDay(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, Berlin));

    private static IEnumerable<TimeOnly> LocalStarts(AvailabilityView view) =>
        view.Slots.Select(s => TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(s.StartTime, Berlin)));

    [Fact]
    public async Task A_working_day_offers_every_quarter_hour_from_opening_until_the_last_hour_fits()
    {
        var provider = await factory.CreateProviderAsync();
        var day = LocalDay(factory.BerlinStart(1, 12));

        var view = (await SlotsAsync(provider.Profile.Id, day)).Value!;

        Assert.Equal("Europe/Berlin", view.Timezone);
        Assert.Equal(37, view.Slots.Count);
        Assert.Equal(new TimeOnly(8, 0), LocalStarts(view).First());
        Assert.Equal(new TimeOnly(17, 0), LocalStarts(view).Last());
        Assert.All(view.Slots, s => Assert.Equal(TimeSpan.FromMinutes(60), s.EndTime - s.StartTime));
    }

    [Fact]
    public async Task Today_starts_after_the_minimum_notice_in_the_providers_zone()
    {
        var provider = await factory.CreateProviderAsync();
        var earliest = factory.Clock.GetUtcNow().UtcDateTime.AddMinutes(60);

        var view = (await SlotsAsync(provider.Profile.Id, date: null)).Value!;

        Assert.NotEmpty(view.Slots);
        Assert.All(view.Slots, s => Assert.True(s.StartTime >= earliest));
        Assert.Equal(LocalDay(factory.Clock.GetUtcNow().UtcDateTime), LocalDay(view.Slots[0].StartTime));
    }

    [Fact]
    public async Task Bookings_and_their_buffers_and_time_off_remove_slots()
    {
        var provider = await factory.CreateProviderAsync(bufferMinutes: 30);
        var start = factory.BerlinStart(1, 12);
        await factory.BookedAsync(await factory.NewCustomerAsync(), Command(provider, start));
        await factory.DbAsync(async db =>
        {
            db.TimeOff.Add(new TimeOff { ProviderId = provider.Profile.Id, StartUtc = start.AddHours(4), EndUtc = start.AddHours(24), Reason = "Early finish" });
            return await db.SaveChangesAsync();
        });

        var starts = LocalStarts((await SlotsAsync(provider.Profile.Id, LocalDay(start))).Value!).ToList();

        // Booking 12:00-13:00 with 30 min buffer blocks starts 10:45..13:15; time off from 16:00 blocks starts after 15:00.
        Assert.Contains(new TimeOnly(10, 30), starts);
        Assert.DoesNotContain(new TimeOnly(10, 45), starts);
        Assert.DoesNotContain(new TimeOnly(13, 15), starts);
        Assert.Contains(new TimeOnly(13, 30), starts);
        Assert.Contains(new TimeOnly(15, 0), starts);
        Assert.DoesNotContain(new TimeOnly(15, 15), starts);
    }

    [Fact]
    public async Task A_cancelled_booking_frees_its_slot_again()
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.NewCustomerAsync();
        var booking = await factory.BookedAsync(customer, Command(provider, factory.BerlinStart(1, 12)));
        (await factory.CallAsync(s => s.CancelAsync(customer, booking.Id, null, default))).Ok();

        var view = (await SlotsAsync(provider.Profile.Id, booking.BookingDate)).Value!;

        Assert.Contains(view.Slots, s => s.StartTime == booking.StartTime);
    }

    [Fact]
    public async Task The_calendar_and_booking_validation_agree_on_every_grid_time_of_a_day()
    {
        var provider = await factory.CreateProviderAsync(bufferMinutes: 15);
        var taken = factory.BerlinStart(2, 11);
        await factory.BookedAsync(await factory.NewCustomerAsync(), Command(provider, taken));
        var day = LocalDay(taken);
        var offered = (await SlotsAsync(provider.Profile.Id, day)).Value!.Slots.Select(s => s.StartTime).ToHashSet();
        var customer = await factory.NewCustomerAsync();

        for (var start = factory.BerlinStart(2, 7); start <= factory.BerlinStart(2, 18); start = start.AddMinutes(15))
        {
            var result = await factory.BookAsync(customer, Command(provider, start));
            Assert.True(offered.Contains(start) == result.IsSuccess, $"{start:u}: offered={offered.Contains(start)} but booking gave {result.Error?.Kind.ToString() ?? "success"}");
            if (result.IsSuccess)
            {
                (await factory.CallAsync(s => s.CancelAsync(customer, result.Value!.Booking.Id, null, default))).Ok();
            }
        }
        Assert.NotEmpty(offered);
    }

    [Fact]
    public async Task Unknown_provider_is_not_found_and_bad_days_or_service_are_validation_errors()
    {
        var provider = await factory.CreateProviderAsync();
        var other = await factory.CreateProviderAsync();

        (await SlotsAsync(987654, null)).Failed(ErrorKind.NotFound);
        (await SlotsAsync(provider.Profile.Id, null, days: 0)).Failed(ErrorKind.Validation).HasField("days");
        (await SlotsAsync(provider.Profile.Id, null, days: 32)).Failed(ErrorKind.Validation).HasField("days");
        (await SlotsAsync(provider.Profile.Id, null, serviceId: other.Service.Id)).Failed(ErrorKind.Validation).HasField("service");
    }

    [Fact]
    public async Task A_month_of_slots_comes_from_one_call()
    {
        var provider = await factory.CreateProviderAsync();

        var view = (await SlotsAsync(provider.Profile.Id, LocalDay(factory.BerlinStart(1, 12)), days: 31, serviceId: provider.Service.Id)).Value!;

        Assert.True(view.Slots.Select(s => LocalDay(s.StartTime)).Distinct().Count() >= 26);
    }
}
