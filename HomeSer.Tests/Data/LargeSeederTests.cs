using System.Security.Cryptography;
using System.Text;
using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Payments;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Tests.Data;

/// <summary>A small seeded database shared by the tests that only read it.</summary>
public sealed class SeededDatabase : IAsyncLifetime
{
    // Spans the end of March, so some bookings fall after the spring-forward change.
    public static readonly DateOnly Today = new(2030, 3, 20);
    public static LargeSeedOptions Options(int seed) => new(Providers: 50, Services: 200, Bookings: 1000, Customers: 100, Seed: seed, Today);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "homeser-tests", "seed-" + Guid.NewGuid().ToString("N"));

    public string ConnectionString { get; private set; } = "";
    public LargeSeedResult Result { get; private set; } = null!;

    public async Task<(string ConnectionString, LargeSeedResult Result)> SeedAsync(string name, LargeSeedOptions options)
    {
        Directory.CreateDirectory(_folder);
        var connectionString = $"Data Source={Path.Combine(_folder, name + ".db")}";
        await LargeSeeder.PrepareAsync(connectionString, CancellationToken.None);
        return (connectionString, LargeSeeder.Seed(connectionString, options, _ => { }));
    }

    public HomeSerDbContext Db() => new(new DbContextOptionsBuilder<HomeSerDbContext>().UseSqlite(ConnectionString).Options);

    public async Task InitializeAsync() => (ConnectionString, Result) = await SeedAsync("main", Options(42));

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
        return Task.CompletedTask;
    }
}

public sealed class LargeSeederTests(SeededDatabase seeded) : IClassFixture<SeededDatabase>
{
    [Fact]
    public void Seeds_the_requested_counts()
    {
        Assert.Equal(150, seeded.Result.Users);
        Assert.Equal(1000, seeded.Result.Bookings + seeded.Result.SkippedBookings);
        Assert.True(seeded.Result.Bookings >= 990, $"only {seeded.Result.Bookings} bookings placed");
        Assert.Equal(seeded.Result.Bookings, seeded.Result.Payments);
    }

    [Fact]
    public async Task Same_seed_gives_identical_bookings_and_another_seed_does_not()
    {
        var (again, _) = await seeded.SeedAsync("again", SeededDatabase.Options(42));
        var (other, _) = await seeded.SeedAsync("other", SeededDatabase.Options(7));

        var main = BookingsHash(seeded.ConnectionString);
        Assert.Equal(main, BookingsHash(again));
        Assert.NotEqual(main, BookingsHash(other));
    }

    [Fact]
    public async Task Seeded_rows_load_through_ef_with_utc_instants_and_known_statuses()
    {
        await using var db = seeded.Db();
        var bookings = await db.Bookings.AsNoTracking().Include(b => b.Payment).Include(b => b.Provider).ToListAsync();

        Assert.Equal(seeded.Result.Bookings, bookings.Count);
        Assert.All(bookings, b =>
        {
            Assert.Equal(DateTimeKind.Utc, b.StartUtc.Kind);
            Assert.Equal(b.StartUtc.AddMinutes(b.DurationMinutes), b.ScheduledEndUtc);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(b.Provider!.TimeZoneId);
            Assert.Equal(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(b.StartUtc, zone)), b.BookingDate);
            Assert.NotNull(b.Payment);
            Assert.Equal(b.PriceCents, b.Payment!.AmountCents);
        });
        var now = SeededDatabase.Today.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        Assert.All(bookings.Where(b => b.StartUtc < now), b => Assert.Contains(b.Status, new[] { BookingStatus.Completed, BookingStatus.Cancelled, BookingStatus.NoShow }));
        Assert.All(bookings.Where(b => b.StartUtc > now), b => Assert.Contains(b.Status, new[] { BookingStatus.Pending, BookingStatus.Confirmed }));
        Assert.All(bookings.Where(b => b.Status == BookingStatus.Completed), b => Assert.Equal(PaymentStatus.Captured, b.Payment!.Status));
        Assert.Contains(bookings, b => b.Payment!.Method == PaymentMethod.Card);
        Assert.All(bookings, b => Assert.True(b.CreatedAt <= now && b.UpdatedAt >= b.CreatedAt, $"booking {b.Id} has odd timestamps"));
        var share = bookings.Count(b => b.StartUtc < now) / (double)bookings.Count;
        Assert.InRange(share, 0.3, 0.5);
    }

    [Fact]
    public async Task Bookings_sit_inside_working_hours_and_outside_breaks()
    {
        await using var db = seeded.Db();
        var hours = (await db.WeeklyHours.AsNoTracking().ToListAsync()).ToLookup(h => (h.ProviderId, h.Day));
        var breaks = (await db.WeeklyBreaks.AsNoTracking().ToListAsync()).ToLookup(h => (h.ProviderId, h.Day));
        var zones = await db.Providers.AsNoTracking().ToDictionaryAsync(p => p.Id, p => TimeZoneInfo.FindSystemTimeZoneById(p.TimeZoneId));

        foreach (var b in await db.Bookings.AsNoTracking().ToListAsync())
        {
            var start = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(b.StartUtc, zones[b.ProviderId]));
            var end = start.AddMinutes(b.DurationMinutes);
            var key = (b.ProviderId, b.BookingDate.DayOfWeek);
            Assert.True(hours[key].Any(h => h.Start <= start && end <= h.End), $"booking {b.Id} at {start} lies outside working hours");
            Assert.False(breaks[key].Any(p => start < p.End && p.Start < end), $"booking {b.Id} at {start} overlaps a break");
            Assert.Equal(0, start.Minute % 15);
        }
    }

    [Fact]
    public async Task No_two_active_bookings_of_a_provider_overlap_buffers_included()
    {
        await using var db = seeded.Db();
        var buffers = await db.Providers.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.BufferMinutes);
        var active = (await db.Bookings.AsNoTracking().ToListAsync()).Where(b => b.Status.HoldsTime());

        foreach (var group in active.GroupBy(b => b.ProviderId))
        {
            var ordered = group.OrderBy(b => b.StartUtc).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                Assert.True(ordered[i - 1].ScheduledEndUtc.AddMinutes(buffers[group.Key]) <= ordered[i].StartUtc,
                    $"bookings {ordered[i - 1].Id} and {ordered[i].Id} of provider {group.Key} overlap");
            }
        }
    }

    [Fact]
    public async Task Provider_rating_totals_match_their_reviews()
    {
        await using var db = seeded.Db();
        var totals = await db.Reviews.AsNoTracking().GroupBy(r => r.ProviderId)
            .Select(g => new { ProviderId = g.Key, Count = g.Count(), Sum = g.Sum(r => r.Rating) })
            .ToDictionaryAsync(t => t.ProviderId);

        Assert.NotEmpty(totals);
        foreach (var provider in await db.Providers.AsNoTracking().ToListAsync())
        {
            var (count, sum) = totals.TryGetValue(provider.Id, out var t) ? (t.Count, t.Sum) : (0, 0);
            Assert.Equal(count, provider.ReviewCount);
            Assert.Equal(sum, provider.RatingSum);
        }
    }

    [Fact]
    public async Task A_seeded_user_can_sign_in_with_the_shared_password_and_has_its_role()
    {
        await using var db = seeded.Db();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.NormalizedEmail == "PROVIDER7@BENCH.TEST");
        var roles = await db.UserRoles.Where(r => r.UserId == user.Id)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync();

        Assert.NotEqual(PasswordVerificationResult.Failed, new PasswordHasher<AppUser>().VerifyHashedPassword(user, user.PasswordHash!, LargeSeeder.Password));
        Assert.Equal([Roles.Provider], roles);
        Assert.True(user.EmailConfirmed);
        Assert.Equal(32, user.SecurityStamp!.Length);
        Assert.True(await db.Providers.AnyAsync(p => p.UserId == user.Id));
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--providers", "ten")]
    [InlineData("--bookings", "-1")]
    [InlineData("--seed")]
    public async Task Bad_arguments_exit_with_code_2(params string[] args)
    {
        Assert.False(SeedCommand.TryParse(args, out _, out var error));
        Assert.NotEmpty(error);
        Assert.Equal(2, await SeedCommand.RunAsync(args));
    }

    [Fact]
    public void Services_default_to_five_per_provider()
    {
        Assert.True(SeedCommand.TryParse(["--providers=20", "--seed", "3"], out var arguments, out _));
        Assert.Equal((20, 100, 200_000, 20_000, 3), (arguments.Providers, arguments.Services, arguments.Bookings, arguments.Customers, arguments.Seed));
    }

    private static string BookingsHash(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT b."Id", b."ServiceId", b."ProviderId", b."CustomerId", b."Status", b."BookingDate", b."StartUtc", b."ScheduledEndUtc",
                   b."PriceCents", b."CreatedAt", b."ConfirmedAt", p."Method", p."Status"
            FROM "Bookings" b JOIN "Payments" p ON p."BookingId" = b."Id" ORDER BY b."Id"
            """;
        using var reader = command.ExecuteReader();
        var text = new StringBuilder();
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                text.Append(reader.IsDBNull(i) ? "∅" : reader.GetString(i)).Append('|');
            }
            text.Append('\n');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
