using HomeSer.Web.Data.Outbox;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Features.Notifications;
using HomeSer.Web.Features.Payments;
using HomeSer.Web.Features.Reviews;
using HomeSer.Web.Features.Scheduling;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HomeSer.Web.Data;

public class HomeSerDbContext : IdentityDbContext<AppUser, IdentityRole<int>, int>, IDataProtectionKeyContext
{
    public HomeSerDbContext(DbContextOptions<HomeSerDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the provider-specific subtype (<see cref="Postgres.PostgresHomeSerDbContext"/>), whose migrations are its own.</summary>
    protected HomeSerDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<ProviderProfile> Providers => Set<ProviderProfile>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Service> Services => Set<Service>();
    public DbSet<WeeklyHours> WeeklyHours => Set<WeeklyHours>();
    public DbSet<WeeklyBreak> WeeklyBreaks => Set<WeeklyBreak>();
    public DbSet<TimeOff> TimeOff => Set<TimeOff>();
    public DbSet<Booking> Bookings => Set<Booking>();
    public DbSet<BookingSeries> BookingSeries => Set<BookingSeries>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<Review> Reviews => Set<Review>();
    public DbSet<Features.Providers.ProviderPhoto> ProviderPhotos => Set<Features.Providers.ProviderPhoto>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<ProcessedEvent> ProcessedEvents => Set<ProcessedEvent>();
    public DbSet<Features.Calendar.CalendarFeed> CalendarFeeds => Set<Features.Calendar.CalendarFeed>();
    public DbSet<Features.Waitlist.WaitlistEntry> WaitlistEntries => Set<Features.Waitlist.WaitlistEntry>();

    /// <summary>The data-protection key ring, shared by every node on this database (cookies, antiforgery and bearer tokens).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Events raised by services (not entities); written to the outbox by the next SaveChangesAsync.</summary>
    public RaisedEvents Raised { get; } = new();

    internal OutboxSession Outbox { get; } = new();

    /// <summary>Raises an event that belongs to no entity; it is written with the next SaveChangesAsync, in its transaction.</summary>
    public void Raise(DomainEvent domainEvent) => Raised.Raise(domainEvent);

    /// <summary>Whether the next SaveChangesAsync writes outbox rows (so it needs a transaction of its own).</summary>
    internal bool HasPendingEvents() =>
        Raised.Any || ChangeTracker.Entries().Any(e => e.Entity is Notification && e.State == EntityState.Added
            || e.Entity is IRaisesEvents { Events.Any: true });

    /// <summary>Forgets events raised but not saved (a write that is abandoned or retried).</summary>
    public void DiscardEvents()
    {
        Raised.Discard();
        foreach (var entry in ChangeTracker.Entries<IRaisesEvents>())
        {
            entry.Entity.Events.Discard();
        }
    }

    /// <summary>
    /// Waits until the events this context committed so far were delivered once (the dispatcher was signalled at
    /// commit), so the caller reads its own writes everywhere: search, counters, the live channels.
    /// </summary>
    public Task EventsDeliveredAsync(CancellationToken ct)
    {
        if (Outbox.Committed.Count == 0 || Outbox.Delivery is not { } delivery)
        {
            return Task.CompletedTask;
        }
        var ids = Outbox.Committed.ToList();
        Outbox.Committed.Clear();
        return delivery.WaitAsync(ids, ct);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(HomeSerDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // Instants are stored as UTC; SQLite loses DateTimeKind, so restore it on read.
        configuration.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configuration.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    // An unspecified DateTime is taken as UTC (what every instant here is), never as server-local time.
    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
