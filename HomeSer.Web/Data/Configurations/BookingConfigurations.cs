using HomeSer.Web.Data.Outbox;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Features.Notifications;
using HomeSer.Web.Features.Payments;
using HomeSer.Web.Features.Reviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HomeSer.Web.Data.Configurations;

internal sealed class BookingConfiguration : IEntityTypeConfiguration<Booking>
{
    public void Configure(EntityTypeBuilder<Booking> booking)
    {
        booking.HasOne(b => b.Service).WithMany().HasForeignKey(b => b.ServiceId).OnDelete(DeleteBehavior.Restrict);
        booking.HasOne(b => b.Provider).WithMany().HasForeignKey(b => b.ProviderId).OnDelete(DeleteBehavior.Restrict);
        booking.HasOne(b => b.Customer).WithMany().HasForeignKey(b => b.CustomerId).OnDelete(DeleteBehavior.Restrict);
        booking.HasOne(b => b.Payment).WithOne().HasForeignKey<Payment>(p => p.BookingId).OnDelete(DeleteBehavior.Cascade);
        booking.Property(b => b.Status).HasConversion(s => s.ToWire(), s => Parse(s)).HasMaxLength(20);
        booking.Property(b => b.CustomerNotes).HasMaxLength(2000);
        booking.Property(b => b.ProviderNotes).HasMaxLength(2000);
        booking.Property(b => b.CancellationReason).HasMaxLength(500);
        booking.Property(b => b.Currency).HasMaxLength(3).IsFixedLength();
        booking.Property(b => b.IdempotencyKey).HasMaxLength(100);
        booking.Property(b => b.Version).IsConcurrencyToken();
        booking.Ignore(b => b.Events);
        booking.OwnsOne(b => b.Address, AddressMapping.Map<Booking>("Address"));

        // The overlap check scans a provider's active bookings by time.
        booking.HasIndex(b => new { b.ProviderId, b.StartUtc, b.ScheduledEndUtc });
        booking.HasIndex(b => new { b.CustomerId, b.StartUtc });
        booking.HasIndex(b => new { b.CustomerId, b.IdempotencyKey }).IsUnique().HasFilter("\"IdempotencyKey\" IS NOT NULL");
        booking.HasIndex(b => new { b.Status, b.StartUtc });
    }

    private static BookingStatus Parse(string wire) =>
        BookingStatusNames.TryParse(wire, out var status) ? status : throw new InvalidOperationException($"Unknown booking status '{wire}'.");
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> payment)
    {
        payment.Property(p => p.Method).HasConversion<string>().HasMaxLength(20);
        payment.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        payment.Property(p => p.Currency).HasMaxLength(3).IsFixedLength();
        payment.Property(p => p.GatewayReference).HasMaxLength(100);
        payment.HasIndex(p => p.BookingId).IsUnique();
    }
}

internal sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> review)
    {
        review.HasOne<Booking>().WithOne().HasForeignKey<Review>(r => r.BookingId).OnDelete(DeleteBehavior.Cascade);
        review.HasOne<ProviderProfile>().WithMany().HasForeignKey(r => r.ProviderId).OnDelete(DeleteBehavior.Cascade);
        review.HasOne<AppUser>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Restrict);
        review.HasIndex(r => r.BookingId).IsUnique();
        review.HasIndex(r => new { r.ProviderId, r.CreatedAt });
        review.Property(r => r.Comment).HasMaxLength(2000);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> notification)
    {
        notification.HasOne<AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        notification.Property(n => n.Kind).HasMaxLength(50);
        notification.Property(n => n.Title).HasMaxLength(200);
        notification.Property(n => n.Body).HasMaxLength(2000);
        notification.HasIndex(n => new { n.UserId, n.CreatedAt });
        // The mail job looks for what is still to be mailed.
        notification.HasIndex(n => n.EmailedAt);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        message.Property(m => m.EventId).HasMaxLength(32);
        message.Property(m => m.Type).HasMaxLength(100);
        message.Property(m => m.Stream).HasMaxLength(100);
        message.Property(m => m.LastError).HasMaxLength(2000);
        message.HasIndex(m => m.EventId).IsUnique();
        // The dispatcher reads what is not dispatched yet, in id order.
        message.HasIndex(m => new { m.DispatchedAt, m.Id });
    }
}

internal sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<Features.Calendar.CalendarFeed>
{
    public void Configure(EntityTypeBuilder<Features.Calendar.CalendarFeed> feed)
    {
        // One feed per user, gone with the account.
        feed.HasKey(f => f.UserId);
        feed.HasOne<AppUser>().WithOne().HasForeignKey<Features.Calendar.CalendarFeed>(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
        feed.Property(f => f.TokenHash).HasMaxLength(64);
        feed.Property(f => f.ProtectedToken).HasMaxLength(1000);
        feed.HasIndex(f => f.TokenHash).IsUnique();
    }
}

internal sealed class ProcessedEventConfiguration : IEntityTypeConfiguration<ProcessedEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedEvent> processed)
    {
        processed.HasKey(p => new { p.EventId, p.Consumer });
        processed.Property(p => p.EventId).HasMaxLength(32);
        processed.Property(p => p.Consumer).HasMaxLength(100);
    }
}
