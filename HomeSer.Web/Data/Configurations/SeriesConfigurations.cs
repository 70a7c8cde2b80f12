using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Features.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HomeSer.Web.Data.Configurations;

internal sealed class BookingSeriesConfiguration : IEntityTypeConfiguration<BookingSeries>
{
    public void Configure(EntityTypeBuilder<BookingSeries> series)
    {
        series.HasOne<AppUser>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Restrict);
        series.HasOne<ProviderProfile>().WithMany().HasForeignKey(s => s.ProviderId).OnDelete(DeleteBehavior.Restrict);
        series.HasOne<Service>().WithMany().HasForeignKey(s => s.ServiceId).OnDelete(DeleteBehavior.Restrict);
        series.HasMany(s => s.Bookings).WithOne(b => b.Series).HasForeignKey(b => b.SeriesId).OnDelete(DeleteBehavior.Restrict);
        series.Property(s => s.Frequency).HasConversion(f => f.ToWire(), f => Parse(f)).HasMaxLength(20);
        series.Property(s => s.TimeZoneId).HasMaxLength(100);
        series.Property(s => s.CustomerNotes).HasMaxLength(BookingValidationService.MaxNotesLength);
        series.Property(s => s.IdempotencyKey).HasMaxLength(BookingValidationService.MaxIdempotencyKeyLength);
        series.Property<string>("_skipped").HasColumnName("Skipped");
        series.Ignore(s => s.Skipped);
        series.HasIndex(s => new { s.CustomerId, s.IdempotencyKey }).IsUnique().HasFilter("\"IdempotencyKey\" IS NOT NULL");
    }

    private static RecurrenceFrequency Parse(string wire) =>
        Recurrence.TryParse(wire, out var frequency) ? frequency : throw new InvalidOperationException($"Unknown recurrence '{wire}'.");
}
