using System.Security.Claims;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Payments;
using HomeSer.Web.Features.Scheduling;
using HomeSer.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HomeSer.Tests.Bookings;

public sealed class ActorResolverTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    private async Task<Actor?> ResolveAsync(ClaimsPrincipal principal)
    {
        await using var scope = factory.Scope();
        return await scope.ServiceProvider.GetRequiredService<ActorResolver>().ResolveAsync(principal, default);
    }

    private static ClaimsPrincipal SignedIn(int userId, params string[] roles) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, userId.ToString()), .. roles.Select(r => new Claim(ClaimTypes.Role, r))], "test"));

    [Fact]
    public async Task A_provider_is_resolved_with_their_provider_profile()
    {
        var provider = await factory.CreateProviderAsync();

        var actor = await ResolveAsync(SignedIn(provider.User.Id, Roles.Provider));

        Assert.Equal(new Actor(provider.User.Id, false, true, false, provider.Profile.Id), actor);
    }

    [Fact]
    public async Task A_customer_has_no_provider_id_and_an_anonymous_caller_is_nobody()
    {
        var actor = await ResolveAsync(SignedIn(42, Roles.Customer, Roles.Admin));
        var anonymous = await ResolveAsync(new ClaimsPrincipal(new ClaimsIdentity()));

        Assert.Equal(new Actor(42, true, false, true, null), actor);
        Assert.Null(anonymous);
    }
}

public sealed class DemoSeedBookingTests(DemoSeededFactory factory) : IClassFixture<DemoSeededFactory>
{
    [Fact]
    public async Task The_demo_seed_creates_past_completed_and_future_active_bookings_with_payments()
    {
        var bookings = await factory.WithDbAsync(db => db.Bookings.AsNoTracking().Include(b => b.Payment).ToListAsync());

        Assert.Contains(bookings, b => b.Status == BookingStatus.Completed && b.EndUtc is not null && b.Payment!.Status == PaymentStatus.Captured);
        Assert.Contains(bookings, b => b.Status == BookingStatus.Confirmed && b.ConfirmedAt is not null);
        Assert.Contains(bookings, b => b.Status == BookingStatus.Pending && b.Payment!.Status == PaymentStatus.Pending);
    }

    [Fact]
    public async Task No_demo_booking_was_made_after_now()
    {
        var now = factory.Clock.GetUtcNow().UtcDateTime;

        var future = await factory.WithDbAsync(db => db.Bookings.AsNoTracking().Where(b => b.CreatedAt > now).CountAsync());

        Assert.Equal(0, future);
    }

    [Fact]
    public async Task The_demo_providers_day_with_jobs_in_two_districts_offers_fewer_starts_from_the_customers_home()
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HomeSerDbContext>();
        var availability = scope.ServiceProvider.GetRequiredService<AvailabilityService>();
        var provider = await db.Providers.AsNoTracking().SingleAsync(p => p.User!.Email == DemoSeeder.ProviderEmail);
        var home = await db.Users.AsNoTracking().Where(u => u.Email == DemoSeeder.CustomerEmail).Select(u => u.HomeAddress).SingleAsync();
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var day = await db.Bookings.AsNoTracking().Where(b => b.ProviderId == provider.Id && b.StartUtc > now)
            .GroupBy(b => b.BookingDate).Where(g => g.Count() >= 2).Select(g => g.Key).FirstAsync();

        var anywhere = (await availability.GetSlotsAsync(provider.Id, day, 1, null, CancellationToken.None)).Value!.Slots;
        var fromHome = (await availability.GetSlotsAsync(provider.Id, day, 1, null, CancellationToken.None, home!.Place)).Value!.Slots;

        Assert.True(fromHome.Count < anywhere.Count, $"{fromHome.Count} starts from home, {anywhere.Count} without a place");
    }

    [Fact]
    public async Task Every_upcoming_demo_job_falls_on_a_day_its_provider_works()
    {
        var now = factory.Clock.GetUtcNow().UtcDateTime;

        var offDays = await factory.WithDbAsync(db => db.Bookings.AsNoTracking().Where(b => b.StartUtc > now)
            .Where(b => !db.WeeklyHours.Any(h => h.ProviderId == b.ProviderId && h.Day == b.BookingDate.DayOfWeek))
            .Select(b => b.BookingDate).ToListAsync());

        Assert.Empty(offDays);
    }

    [Fact]
    public async Task Demo_members_joined_before_their_first_job()
    {
        var now = factory.Clock.GetUtcNow().UtcDateTime;

        var users = await factory.WithDbAsync(db => db.Users.AsNoTracking()
            .Select(u => new
            {
                u.Email,
                u.CreatedAt,
                FirstJob = db.Bookings.Where(b => b.CustomerId == u.Id || b.Provider!.UserId == u.Id).Min(b => (DateTime?)b.CreatedAt),
            })
            .ToListAsync());

        Assert.All(users, u => Assert.True(u.CreatedAt < (u.FirstJob ?? now), $"{u.Email} joined {u.CreatedAt:u}, first job {u.FirstJob:u}"));
        Assert.Contains(users, u => u.Email == DemoSeeder.ProviderEmail && u.CreatedAt < now.AddYears(-1));
    }
}
