using HomeSer.Tests.Support;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Payments;
using HomeSer.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static HomeSer.Tests.Bookings.BookingKit;

namespace HomeSer.Tests.Security;

/// <summary>A longer (dearer) card booking holds the new price before it changes; completion never reports more than it took.</summary>
public sealed class RescheduleChargeTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    private TestPaymentGateway Gateway => factory.Services.GetRequiredService<TestPaymentGateway>();

    private Task<Payment> PaymentOfAsync(int bookingId) =>
        factory.DbAsync(db => db.Payments.AsNoTracking().SingleAsync(p => p.BookingId == bookingId));

    [Fact]
    public async Task A_longer_card_booking_is_reauthorized_and_captured_in_full()
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.NewCustomerAsync();
        var booking = await factory.BookedAsync(customer, Command(provider, factory.BerlinStart(3, 9), paymentMethod: "card", token: TestPaymentGateway.Visa));

        var longer = (await factory.CallAsync(s => s.UpdateAsync(customer, booking.Id, new BookingPatch(null, null, null, 240, booking.Version), default))).Ok();
        var actor = AsProvider(provider);
        (await factory.CallAsync(s => s.ConfirmAsync(actor, booking.Id, default))).Ok();
        factory.Clock.SetUtcNow(booking.StartTime);
        (await factory.CallAsync(s => s.StartAsync(actor, booking.Id, default))).Ok();
        var completed = (await factory.CallAsync(s => s.CompleteAsync(actor, booking.Id, default))).Ok();

        var charge = Gateway.Find((await PaymentOfAsync(booking.Id)).GatewayReference)!;
        Assert.Equal(35600, longer.PriceCents);
        Assert.Equal(new PaymentView("authorized", "card", 35600), longer.Payment);
        Assert.Equal(new PaymentView("captured", "card", 35600), completed.Payment);
        Assert.Equal((TestChargeState.Captured, 35600L), (charge.State, charge.CapturedCents));
    }

    [Fact]
    public async Task A_card_that_declines_the_higher_price_leaves_the_booking_unchanged()
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.NewCustomerAsync();
        var booking = await factory.BookedAsync(customer, Command(provider, factory.BerlinStart(4, 9), paymentMethod: "card", token: TestPaymentGateway.LowLimit));

        var refused = await factory.CallAsync(s => s.UpdateAsync(customer, booking.Id, new BookingPatch("new notes", null, null, 240, booking.Version), default));

        refused.Failed(ErrorKind.PaymentFailed);
        var stored = await factory.DbAsync(db => db.Bookings.AsNoTracking().Include(b => b.Payment).SingleAsync(b => b.Id == booking.Id));
        Assert.Equal((60, 8900L, booking.Version, booking.CustomerNotes), (stored.DurationMinutes, stored.PriceCents, stored.Version, stored.CustomerNotes));
        Assert.Equal(8900, stored.Payment!.AmountCents);
        Assert.Equal(8900, Gateway.Find(stored.Payment.GatewayReference)!.AuthorizedCents);
    }

    [Fact]
    public async Task A_shorter_card_booking_captures_only_the_lower_price()
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.NewCustomerAsync();
        var booking = await factory.BookedAsync(customer, Command(provider, factory.BerlinStart(5, 9), duration: 120, paymentMethod: "card", token: TestPaymentGateway.Visa));

        (await factory.CallAsync(s => s.UpdateAsync(customer, booking.Id, new BookingPatch(null, null, null, 60, booking.Version), default))).Ok();
        var actor = AsProvider(provider);
        (await factory.CallAsync(s => s.ConfirmAsync(actor, booking.Id, default))).Ok();
        factory.Clock.SetUtcNow(booking.StartTime);
        (await factory.CallAsync(s => s.StartAsync(actor, booking.Id, default))).Ok();
        var completed = (await factory.CallAsync(s => s.CompleteAsync(actor, booking.Id, default))).Ok();

        Assert.Equal(new PaymentView("captured", "card", 8900), completed.Payment);
        Assert.Equal(8900, Gateway.Find((await PaymentOfAsync(booking.Id)).GatewayReference)!.CapturedCents);
    }
}
