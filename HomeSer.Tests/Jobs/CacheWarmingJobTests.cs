using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Data;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Jobs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static HomeSer.Tests.Bookings.BookingKit;

namespace HomeSer.Tests.Jobs;

/// <summary>Records the SQL the app runs, so a test can tell a cache hit (no calendar queries) from a miss.</summary>
public sealed class SqlLog : DbCommandInterceptor
{
    private readonly ConcurrentQueue<string> _commands = new();

    public void Clear() => _commands.Clear();

    /// <summary>Commands that read the weekly hours: only computing a calendar does that.</summary>
    public int CalendarLoads => _commands.Count(c => c.Contains("\"WeeklyHours\"", StringComparison.Ordinal));

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        _commands.Enqueue(command.CommandText);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        _commands.Enqueue(command.CommandText);
        return base.ReaderExecuting(command, eventData, result);
    }
}

public sealed class SqlLoggingFactory : HomeSerFactory
{
    public SqlLog Sql { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.ConfigureDbContext<HomeSerDbContext>(options => options.AddInterceptors(Sql)));
    }
}

public sealed class CacheWarmingJobTests(SqlLoggingFactory factory) : IClassFixture<SqlLoggingFactory>
{
    private async Task<int> WarmAsync(int? providers = null, double budgetSeconds = 60)
    {
        await using var scope = factory.Scope();
        var services = scope.ServiceProvider;
        var job = providers is { } limit
            ? ActivatorUtilities.CreateInstance<CacheWarmingJob>(services,
                Options.Create(new JobOptions { CacheWarmingProviders = limit, CacheWarmingBudgetSeconds = budgetSeconds }))
            : services.GetRequiredService<CacheWarmingJob>();
        return await job.RunAsync(default);
    }

    [Fact]
    public async Task A_run_stops_at_its_budget_and_the_next_run_goes_on()
    {
        await factory.CreateProviderAsync();
        await factory.CreateProviderAsync();

        // Any provider's work is longer than a microsecond budget: the run stops after the first one.
        Assert.Equal(1, await WarmAsync(providers: 2, budgetSeconds: 0.000001));
        Assert.Equal(2, await WarmAsync(providers: 2));
    }

    private DateOnly BerlinToday => AvailabilityEngine.LocalDate("Europe/Berlin", factory.Clock.GetUtcNow().UtcDateTime);

    private async Task<CachedSlots?> CachedAsync(int providerId, int days, int durationMinutes = 60)
    {
        var version = await factory.DbAsync(db => db.Providers.AsNoTracking().Where(p => p.Id == providerId).Select(p => p.ScheduleVersion).SingleAsync());
        await using var scope = factory.Scope();
        return await scope.ServiceProvider.GetRequiredService<AvailabilityCache>()
            .TryGetAsync(new CalendarKey(providerId, version, BerlinToday, days, durationMinutes), default);
    }

    private static async Task<List<DateTime>> SlotsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("start_time").GetDateTime().ToUniversalTime()).ToList();
    }

    [Fact]
    public async Task After_warming_the_api_and_the_service_week_are_cache_hits_and_a_booking_still_invalidates()
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.CreateUserAsync(Roles.Customer);
        using var client = await factory.ClientForAsync(customer.Email!);

        Assert.True(await WarmAsync() >= 1);

        // The entries are there under the keys the requests compute.
        Assert.NotNull(await CachedAsync(provider.Profile.Id, 1));
        Assert.NotNull(await CachedAsync(provider.Profile.Id, 7));
        Assert.NotNull(await CachedAsync(provider.Profile.Id, new JobOptions().CacheWarmingDays));

        // And the requests read them: no calendar is computed.
        factory.Sql.Clear();
        var slots = await SlotsAsync(await client.GetAsync($"/api/bookings/availabilities/?provider={provider.Profile.Id}"));
        await SlotsAsync(await client.GetAsync($"/api/bookings/availabilities/?provider={provider.Profile.Id}&days=7&service={provider.Service.Id}"));
        await SlotsAsync(await client.GetAsync($"/api/bookings/availabilities/?provider={provider.Profile.Id}&days=14"));
        Assert.Equal(0, factory.Sql.CalendarLoads);
        Assert.NotEmpty(slots);

        // A second run is idempotent: everything is still cached, nothing is recomputed.
        factory.Sql.Clear();
        await WarmAsync();
        Assert.Equal(0, factory.Sql.CalendarLoads);

        // A booking drops the provider's entries: the next request computes afresh and no longer offers the slot.
        var taken = slots[0];
        await factory.BookedAsync(AsCustomer(customer), Command(provider, taken));
        factory.Sql.Clear();
        var after = await SlotsAsync(await client.GetAsync($"/api/bookings/availabilities/?provider={provider.Profile.Id}"));
        Assert.True(factory.Sql.CalendarLoads > 0, "the request after the booking was served from the cache");
        Assert.DoesNotContain(taken, after);
    }

    [Fact]
    public async Task Warming_takes_the_providers_with_most_bookings_ahead_first()
    {
        var quiet = await factory.CreateProviderAsync();
        var busy = await factory.CreateProviderAsync();
        var customer = await factory.NewCustomerAsync();
        // More active bookings ahead than any other provider in this class's database.
        for (var day = 1; day <= 4; day++)
        {
            await factory.BookedAsync(customer, Command(busy, factory.BerlinStart(day, 9)));
        }
        // HybridCache rejects entries created no later than a tag invalidation (by the app's TimeProvider): let the
        // frozen test clock tick past the bookings' invalidations, as real time does.
        factory.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, await WarmAsync(providers: 1));

        Assert.NotNull(await CachedAsync(busy.Profile.Id, 1));
        Assert.Null(await CachedAsync(quiet.Profile.Id, 1));
    }

    [Fact]
    public void Warming_is_registered_as_a_recurring_job()
    {
        using var connection = factory.Services.GetRequiredService<Hangfire.JobStorage>().GetConnection();
        var job = Assert.Single(Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection), j => j.Id == JobsSetup.CacheWarmingJobId);
        Assert.Equal(new JobOptions().CacheWarmingCron, job.Cron);
    }
}
