using HomeSer.Tests.Bookings;
using HomeSer.Tests.Support;
using HomeSer.Web.Data;
using HomeSer.Web.Features.Bookings;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using static HomeSer.Tests.Bookings.BookingKit;

namespace HomeSer.Tests.Postgres;

/// <summary>The exclusion constraint: PostgreSQL itself refuses what the booking rules refuse, whatever writes the row.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresExclusionTests(PostgresFactory factory) : IClassFixture<PostgresFactory>
{
    /// <summary>A copy of booking <paramref name="id"/>, written in SQL behind the app's back, starting <paramref name="shift"/> later.</summary>
    private async Task<int> InsertCopyAsync(int id, TimeSpan shift, string status = "pending")
    {
        var columns = await factory.WithDbAsync(db => db.Database.SqlQueryRaw<string>(
            """SELECT column_name AS "Value" FROM information_schema.columns WHERE table_name = 'Bookings' AND column_name NOT IN ('Id', 'HeldUntilUtc') ORDER BY ordinal_position""").ToListAsync());
        string Value(string column) => column switch
        {
            "StartUtc" or "ScheduledEndUtc" => $"\"{column}\" + @shift",
            "IdempotencyKey" => "NULL",
            "Status" => "@status",
            _ => $"\"{column}\"",
        };
        var sql = $"""
            INSERT INTO "Bookings" ({string.Join(", ", columns.Select(c => $"\"{c}\""))})
            SELECT {string.Join(", ", columns.Select(Value))} FROM "Bookings" WHERE "Id" = @id RETURNING "Id"
            """;
        return await factory.SqlAsync<int>(sql, ("id", id), ("shift", shift), ("status", status));
    }

    private async Task<(TestData.ProviderSetup Provider, BookingView Booking)> OneBookingAsync(int daysAhead)
    {
        var provider = await factory.CreateProviderAsync(bufferMinutes: 15);
        var customer = await factory.NewCustomerAsync();
        var booking = await factory.BookedAsync(customer, Command(provider, factory.BerlinStart(daysAhead, 10)));
        return (provider, booking);
    }

    [Fact]
    public async Task An_overlapping_insert_in_sql_is_refused_as_an_exclusion_violation()
    {
        var (_, booking) = await OneBookingAsync(3);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => InsertCopyAsync(booking.Id, TimeSpan.FromMinutes(30)));

        Assert.Equal(PostgresErrorCodes.ExclusionViolation, refused.SqlState);
        Assert.True(LostRace.Is(refused), "the calendar transaction must retry an exclusion violation as a lost race");
    }

    [Fact]
    public async Task A_start_inside_the_buffer_after_a_booking_is_refused()
    {
        var (_, booking) = await OneBookingAsync(4);

        // 60 minutes long with 15 minutes of buffer: 70 minutes later is inside the buffer.
        var refused = await Assert.ThrowsAsync<PostgresException>(() => InsertCopyAsync(booking.Id, TimeSpan.FromMinutes(70)));

        Assert.Equal(PostgresErrorCodes.ExclusionViolation, refused.SqlState);
    }

    [Fact]
    public async Task A_start_right_after_the_buffer_is_allowed()
    {
        var (_, booking) = await OneBookingAsync(5);

        var id = await InsertCopyAsync(booking.Id, TimeSpan.FromMinutes(75));

        Assert.True(id > booking.Id);
    }

    [Fact]
    public async Task The_constraint_covers_exactly_the_statuses_that_hold_the_providers_time()
    {
        var (_, booking) = await OneBookingAsync(6);
        var far = TimeSpan.FromDays(1);
        foreach (var status in Enum.GetValues<BookingStatus>())
        {
            // Written a day away (no overlap), then asked through the entity's one expression, then moved onto the booking.
            var copy = await InsertCopyAsync(booking.Id, far, status.ToWire());
            var holdsTime = await factory.WithDbAsync(db => db.Bookings.Where(BookingFilters.HoldsProviderTime).AnyAsync(b => b.Id == copy));

            var moved = await Record.ExceptionAsync(() => factory.SqlAsync<int>(
                """UPDATE "Bookings" SET "StartUtc" = "StartUtc" - @far, "ScheduledEndUtc" = "ScheduledEndUtc" - @far WHERE "Id" = @id RETURNING "Id" """,
                ("far", far), ("id", copy)));

            Assert.True(holdsTime == moved is PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation },
                $"status {status.ToWire()}: holds the provider's time = {holdsTime}, refused by the constraint = {moved is not null}");
            await factory.SqlAsync<int>("""DELETE FROM "Bookings" WHERE "Id" = @id""", ("id", copy));
        }
    }

    [Fact]
    public async Task A_shorter_buffer_frees_the_time_it_no_longer_holds()
    {
        var (provider, booking) = await OneBookingAsync(7);
        await factory.SqlAsync<int>("""UPDATE "Providers" SET "BufferMinutes" = 0 WHERE "Id" = @id""", ("id", provider.Profile.Id));

        var id = await InsertCopyAsync(booking.Id, TimeSpan.FromMinutes(60));

        Assert.True(id > booking.Id);
    }
}
