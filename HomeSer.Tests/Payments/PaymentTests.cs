using HomeSer.Tests.Bookings;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Payments;
using HomeSer.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static HomeSer.Tests.Bookings.BookingKit;

namespace HomeSer.Tests.Payments;

/// <summary>The app with a 50% late-cancellation fee inside 24 hours of the start.</summary>
public sealed class LateFeeFactory : HomeSerFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Payments:LateCancellationFeePercent", "50"),
        new("Payments:LateCancellationHours", "24"),
    ];
}

public sealed class PaymentTests(LateFeeFactory factory) : IClassFixture<LateFeeFactory>
{
    private TestPaymentGateway Gateway => factory.Services.GetRequiredService<TestPaymentGateway>();

    private async Task<string> ReferenceOfAsync(int bookingId) =>
        await factory.DbAsync(db => db.Payments.AsNoTracking().Where(p => p.BookingId == bookingId).Select(p => p.GatewayReference!).SingleAsync());

    [Fact]
    public async Task A_card_booking_is_authorized_at_creation_and_captured_on_completion()
    {
        var provider = await factory.CreateProviderAsync();
        var booking = await factory.BookedAsync(await factory.NewCustomerAsync(), Command(provider, factory.BerlinStart(3, 10), paymentMethod: "card", token: "tok_visa"));
        var reference = await ReferenceOfAsync(booking.Id);
        var authorizedState = Gateway.Find(reference)!.State;

        var actor = AsProvider(provider);
        (await factory.CallAsync(s => s.ConfirmAsync(actor, booking.Id, default))).Ok();
        factory.ArriveAt(booking.StartTime);
        (await factory.CallAsync(s => s.StartAsync(actor, booking.Id, default))).Ok();
        var completed = (await factory.CallAsync(s => s.CompleteAsync(actor, booking.Id, default))).Ok();

        Assert.Equal(new PaymentView("authorized", "card", 8900), booking.Payment);
        Assert.Equal(TestChargeState.Authorized, authorizedState);
        Assert.Equal(new PaymentView("captured", "card", 8900), completed.Payment);
        Assert.Equal((TestChargeState.Captured, 8900L), (Gateway.Find(reference)!.State, Gateway.Find(reference)!.CapturedCents));
    }

    [Fact]
    public async Task Cancelling_a_card_booking_early_voids_the_authorization()
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.NewCustomerAsync();
        var booking = await factory.BookedAsync(customer, Command(provider, factory.BerlinStart(3, 10), paymentMethod: "card", token: "tok_visa"));

        var cancelled = (await factory.CallAsync(s => s.CancelAsync(customer, booking.Id, null, default))).Ok();

        Assert.Equal("voided", cancelled.Payment.Status);
        Assert.Equal(TestChargeState.Voided, Gateway.Find(await ReferenceOfAsync(booking.Id))!.State);
    }

    [Fact]
    public async Task A_customer_cancelling_late_pays_the_configured_fee()
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.NewCustomerAsync();
        var booking = await factory.BookedAsync(customer, Command(provider, factory.BerlinStart(0, 14), paymentMethod: "card", token: "tok_visa"));

        var cancelled = (await factory.CallAsync(s => s.CancelAsync(customer, booking.Id, null, default))).Ok();
        var payment = await factory.DbAsync(db => db.Payments.AsNoTracking().SingleAsync(p => p.BookingId == booking.Id));

        Assert.Equal("captured", cancelled.Payment.Status);
        Assert.Equal(4450, payment.FeeCents);
        Assert.Equal((TestChargeState.Captured, 4450L), (Gateway.Find(payment.GatewayReference)!.State, Gateway.Find(payment.GatewayReference)!.CapturedCents));
    }

    [Fact]
    public async Task A_provider_cancelling_late_charges_the_customer_nothing()
    {
        var provider = await factory.CreateProviderAsync();
        var booking = await factory.BookedAsync(await factory.NewCustomerAsync(), Command(provider, factory.BerlinStart(0, 14), paymentMethod: "card", token: "tok_visa"));

        var cancelled = (await factory.CallAsync(s => s.CancelAsync(AsProvider(provider), booking.Id, "Sick", default))).Ok();

        Assert.Equal("voided", cancelled.Payment.Status);
    }

    [Fact]
    public async Task A_declined_card_creates_no_booking_and_no_payment()
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.NewCustomerAsync();

        var result = await factory.BookAsync(customer, Command(provider, factory.BerlinStart(3, 10), paymentMethod: "card", token: "tok_declined"));
        var stored = await factory.DbAsync(db => db.Bookings.AsNoTracking().CountAsync(b => b.CustomerId == customer.UserId));

        result.Failed(ErrorKind.PaymentFailed);
        Assert.Equal(0, stored);
        Assert.Equal(0, await factory.DbAsync(db => db.Payments.AsNoTracking().CountAsync(p => db.Bookings.Any(b => b.Id == p.BookingId && b.CustomerId == customer.UserId))));
    }

    [Fact]
    public async Task A_transient_gateway_failure_is_retried_and_the_booking_made()
    {
        var provider = await factory.CreateProviderAsync();
        var callsBefore = Gateway.AuthorizeCalls;

        var booking = await factory.BookedAsync(await factory.NewCustomerAsync(), Command(provider, factory.BerlinStart(3, 11), paymentMethod: "card", token: "tok_transient"));

        Assert.Equal("authorized", booking.Payment.Status);
        Assert.Equal(2, Gateway.AuthorizeCalls - callsBefore);
    }

    [Fact]
    public async Task A_card_booking_that_then_conflicts_releases_its_authorization()
    {
        var provider = await factory.CreateProviderAsync();
        var start = factory.BerlinStart(3, 12);
        await factory.BookedAsync(await factory.NewCustomerAsync(), Command(provider, start));
        var chargesBefore = Gateway.Charges.Select(c => c.Reference).ToHashSet();

        var result = await factory.BookAsync(await factory.NewCustomerAsync(), Command(provider, start, paymentMethod: "card", token: "tok_visa"));

        result.Failed(ErrorKind.Conflict);
        Assert.All(Gateway.Charges.Where(c => !chargesBefore.Contains(c.Reference)), c => Assert.Equal(TestChargeState.Voided, c.State));
    }

    [Theory]
    [InlineData(8900, 60, 60, 8900)]
    [InlineData(8900, 90, 60, 13350)]
    [InlineData(1000, 45, 60, 750)]
    [InlineData(999, 30, 60, 500)]
    public void Price_is_pro_rata_of_the_default_duration_rounded_to_the_cent(long price, int duration, int defaultDuration, long expected) =>
        Assert.Equal(expected, PaymentProcessor.ProRata(price, duration, defaultDuration));
}
