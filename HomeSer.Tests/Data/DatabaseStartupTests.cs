using System.Net;
using HomeSer.Tests.Support;
using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HomeSer.Tests.Data;

public sealed class EmptyDatabaseStartupTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    [Fact]
    public async Task Start_up_on_an_empty_file_applies_every_migration_turns_on_wal_and_creates_the_roles()
    {
        var health = await factory.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HomeSerDbContext>();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(Roles.All.Order(), (await db.Roles.Select(r => r.Name!).ToListAsync()).Order());
        Assert.False(await db.Users.AnyAsync(), "demo seeding is off in this fixture");

        await using var connection = new SqliteConnection($"Data Source={factory.DatabasePath}");
        await connection.OpenAsync();
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await pragma.ExecuteScalarAsync());
    }
}

public sealed class SqliteDurabilityTests
{
    [Theory]
    [InlineData(null, 1L)] // NORMAL: a commit survives the process being killed; the disk is flushed at checkpoints
    [InlineData("Full", 2L)]
    public async Task Every_connection_of_the_app_syncs_commits_as_configured(string? setting, long expected)
    {
        await using var factory = new SettingsFactory(setting is null ? [] : new() { ["Database:SqliteSynchronous"] = setting });
        factory.CreateClient();

        var synchronous = await factory.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            await using var pragma = db.Database.GetDbConnection().CreateCommand();
            pragma.CommandText = "PRAGMA synchronous;";
            return (long)(await pragma.ExecuteScalarAsync())!;
        });

        Assert.Equal(expected, synchronous);
    }

    [Fact]
    public void An_unknown_setting_stops_the_start_with_its_name()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SqliteDurability.FromSetting("sometimes"));
        Assert.Contains("Database:SqliteSynchronous", error.Message);
    }

    private sealed class SettingsFactory(Dictionary<string, string?> settings) : HomeSerFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings => settings;
    }
}

public sealed class DemoSeedTests(DemoSeededFactory factory) : IClassFixture<DemoSeededFactory>
{
    [Fact]
    public async Task The_three_demo_accounts_sign_in_with_the_documented_password_and_hold_their_roles()
    {
        factory.CreateClient();
        await using var scope = factory.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();

        foreach (var (email, role) in new[] { (DemoSeeder.AdminEmail, Roles.Admin), (DemoSeeder.CustomerEmail, Roles.Customer), (DemoSeeder.ProviderEmail, Roles.Provider) })
        {
            var user = await users.FindByEmailAsync(email);
            Assert.NotNull(user);
            Assert.True(await users.CheckPasswordAsync(user, "Passw0rd!"), $"{email} should accept Passw0rd!");
            Assert.Equal([role], await users.GetRolesAsync(user));
        }
    }

    [Fact]
    public async Task The_demo_provider_is_verified_and_works_monday_to_saturday_eight_to_six()
    {
        var provider = await factory.WithDbAsync(db => db.Providers.AsNoTracking().Include(p => p.Services).SingleAsync(p => p.User!.Email == DemoSeeder.ProviderEmail));
        var hours = await factory.WithDbAsync(db => db.WeeklyHours.AsNoTracking().Where(h => h.ProviderId == provider.Id).ToListAsync());

        Assert.True(provider.IsVerified);
        Assert.NotEmpty(provider.Services);
        Assert.Equal(
            [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday],
            hours.Select(h => h.Day).Order().ToArray());
        Assert.All(hours, h => Assert.Equal((new TimeOnly(8, 0), new TimeOnly(18, 0)), (h.Start, h.End)));
    }

    [Fact]
    public async Task The_demo_spans_several_cities_with_reviews_and_past_and_future_bookings()
    {
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        factory.CreateClient();

        var cities = await factory.WithDbAsync(db => db.Providers.Select(p => p.City).Distinct().CountAsync());
        var categories = await factory.WithDbAsync(db => db.Categories.CountAsync());
        var past = await factory.WithDbAsync(db => db.Bookings.CountAsync(b => b.StartUtc < now && b.Status == BookingStatus.Completed));
        var future = await factory.WithDbAsync(db => db.Bookings.CountAsync(b => b.StartUtc > now));
        var reviewConsistent = await factory.WithDbAsync(db => db.Providers.AllAsync(p => db.Reviews.Count(r => r.ProviderId == p.Id) == p.ReviewCount));

        Assert.True(cities >= 5, $"providers in {cities} cities");
        Assert.Equal(DemoSeeder.CategoryData.Length, categories);
        Assert.True(past >= 10, $"{past} completed past bookings");
        Assert.True(future >= 4, $"{future} future bookings");
        Assert.True(reviewConsistent, "each provider's review count matches its reviews");
    }

    [Fact]
    public async Task Seeding_again_on_a_filled_database_adds_nothing()
    {
        factory.CreateClient();
        var before = await factory.WithDbAsync(db => db.Users.CountAsync());

        await using (var scope = factory.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(CancellationToken.None);
        }

        Assert.Equal(before, await factory.WithDbAsync(db => db.Users.CountAsync()));
    }
}
