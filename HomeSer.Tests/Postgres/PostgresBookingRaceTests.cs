using HomeSer.Tests.Bookings;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Infrastructure;
using static HomeSer.Tests.Bookings.BookingKit;

namespace HomeSer.Tests.Postgres;

/// <summary>The SQLite races, on PostgreSQL: many writers at once, no queue in the process; the database decides.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BookingConcurrencyOnPostgresTests(PostgresFactory factory) : BookingRaces<PostgresFactory>(factory);

[Collection(PostgresCollection.Name)]
public sealed class PostgresSlotRaceTests(PostgresFactory factory) : IClassFixture<PostgresFactory>
{
    [Fact]
    public async Task Hundred_customers_racing_for_one_slot_leave_exactly_one_booking()
    {
        var provider = await factory.CreateProviderAsync(bufferMinutes: 15);
        var customers = new List<Actor>();
        for (var i = 0; i < 100; i++)
        {
            customers.Add(await factory.NewCustomerAsync());
        }
        var start = factory.BerlinStart(1, 10);

        var results = await Task.WhenAll(customers.Select(c => Task.Run(() => factory.BookAsync(c, Command(provider, start)))));

        Assert.Equal(1, results.Count(r => r.IsSuccess));
        Assert.Equal(99, results.Count(r => r.Error?.Kind == ErrorKind.Conflict));
        Assert.Single(await factory.ActiveBookingsOfAsync(provider.Profile.Id));
    }
}
