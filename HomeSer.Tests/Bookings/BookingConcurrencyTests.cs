using CsCheck;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Payments;
using HomeSer.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static HomeSer.Tests.Bookings.BookingKit;

namespace HomeSer.Tests.Bookings;

/// <summary>The races with this process's SQLite writers queued (the default).</summary>
public sealed class BookingConcurrencyTests(HomeSerFactory factory) : BookingRaces<HomeSerFactory>(factory);

/// <summary>
/// The same races with the in-process queue off, so only the database decides: the file lock, the overlap query and
/// the provider's ScheduleVersion token, as between two app processes or on PostgreSQL.
/// </summary>
public sealed class BookingConcurrencyOnTheDatabaseAloneTests(UnqueuedWritersFactory factory) : BookingRaces<UnqueuedWritersFactory>(factory);

public sealed class UnqueuedWritersFactory : HomeSerFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Bookings:QueueSqliteWriters", "false")];
}

/// <summary>Races against the real SQLite file: every request in its own DI scope (own DbContext and connection).</summary>
public abstract class BookingRaces<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : HomeSerFactory
{
    private async Task<Actor[]> CustomersAsync(int count)
    {
        var customers = new Actor[count];
        for (var i = 0; i < count; i++)
        {
            customers[i] = await factory.NewCustomerAsync();
        }
        return customers;
    }

    [Fact]
    public async Task Fifty_customers_racing_for_one_slot_leave_exactly_one_booking()
    {
        var provider = await factory.CreateProviderAsync(bufferMinutes: 15);
        var customers = await CustomersAsync(50);
        var start = factory.BerlinStart(1, 10);

        var results = await Task.WhenAll(customers.Select(c => Task.Run(() => factory.BookAsync(c, Command(provider, start)))));

        Assert.Equal(1, results.Count(r => r.IsSuccess));
        Assert.Equal(49, results.Count(r => r.Error?.Kind == ErrorKind.Conflict));
        Assert.Single(await factory.ActiveBookingsOfAsync(provider.Profile.Id));
    }

    [Fact]
    public async Task Fifty_customers_racing_for_overlapping_slots_never_overlap()
    {
        var provider = await factory.CreateProviderAsync(bufferMinutes: 15);
        var customers = await CustomersAsync(50);
        var first = factory.BerlinStart(1, 8);

        // Starts every 15 minutes over four hours with 60-90 minute durations: almost every pair overlaps.
        var results = await Task.WhenAll(customers.Select((c, i) => Task.Run(() =>
            factory.BookAsync(c, Command(provider, first.AddMinutes(15 * (i % 16)), duration: i % 2 == 0 ? 60 : 90)))));

        Assert.All(results, r => Assert.True(r.IsSuccess || r.Error!.Kind == ErrorKind.Conflict, r.Error?.ToString()));
        var active = await factory.ActiveBookingsOfAsync(provider.Profile.Id);
        Assert.True(active.Count >= 2, $"only {active.Count} bookings were made");
        Assert.Equal(results.Count(r => r.IsSuccess), active.Count);
        AssertNoOverlap(active, bufferMinutes: 15);
    }

    [Fact]
    public async Task Twenty_concurrent_retries_with_one_idempotency_key_make_one_booking_and_one_payment()
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.NewCustomerAsync();
        var command = Command(provider, factory.BerlinStart(1, 13), paymentMethod: "card", token: "tok_visa", key: "checkout-42");
        var gateway = factory.Services.GetRequiredService<TestPaymentGateway>();
        var chargesBefore = gateway.Charges.Select(c => c.Reference).ToHashSet();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => factory.BookAsync(customer, command))));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.ToString()));
        Assert.Single(results.Select(r => r.Value!.Booking.Id).Distinct());
        Assert.Equal(1, results.Count(r => !r.Value!.Replayed));
        var bookings = await factory.DbAsync(db => db.Bookings.AsNoTracking().Where(b => b.CustomerId == customer.UserId).Select(b => b.Id).ToListAsync());
        var payments = await factory.DbAsync(db => db.Payments.AsNoTracking().Where(p => bookings.Contains(p.BookingId)).ToListAsync());
        Assert.Single(bookings);
        Assert.Single(payments);
        var held = gateway.Charges.Where(c => !chargesBefore.Contains(c.Reference) && c.State != TestChargeState.Voided).ToList();
        Assert.Equal(payments[0].GatewayReference, Assert.Single(held).Reference);
    }

    private enum OpKind { Create, Reschedule, Cancel }

    private sealed record Op(OpKind Kind, int Slot, int DurationSteps, int Pick);

    [Fact]
    public async Task Random_creates_reschedules_and_cancellations_never_leave_overlapping_bookings()
    {
        var gen = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 39], Gen.Int[2, 8], Gen.Int[0, 100], (k, slot, steps, pick) => new Op((OpKind)k, slot, steps, pick))
            .Array[15];

        await gen.SampleAsync(async ops =>
        {
            var provider = await factory.CreateProviderAsync(bufferMinutes: 15);
            var customer = await factory.NewCustomerAsync();
            var dayStart = factory.BerlinStart(2, 8);
            foreach (var op in ops)
            {
                var start = dayStart.AddMinutes(15 * op.Slot);
                var active = await factory.ActiveBookingsOfAsync(provider.Profile.Id);
                switch (op.Kind)
                {
                    case OpKind.Create:
                        await factory.BookAsync(customer, Command(provider, start, duration: 15 * op.DurationSteps));
                        break;
                    case OpKind.Reschedule when active.Count > 0:
                        var moved = active[op.Pick % active.Count];
                        await factory.CallAsync(s => s.UpdateAsync(customer, moved.Id, new BookingPatch(null, null, start, 15 * op.DurationSteps, moved.Version), default));
                        break;
                    case OpKind.Cancel when active.Count > 0:
                        await factory.CallAsync(s => s.CancelAsync(customer, active[op.Pick % active.Count].Id, null, default));
                        break;
                }
                AssertNoOverlap(await factory.ActiveBookingsOfAsync(provider.Profile.Id), bufferMinutes: 15);
            }
        }, iter: 30, threads: 1);
    }
}
