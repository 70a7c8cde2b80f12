using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Features.Waitlist;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HomeSer.Web.Data.Configurations;

internal sealed class WaitlistEntryConfiguration : IEntityTypeConfiguration<WaitlistEntry>
{
    public void Configure(EntityTypeBuilder<WaitlistEntry> entry)
    {
        entry.ToTable("WaitlistEntries");
        entry.HasOne<AppUser>().WithMany().HasForeignKey(e => e.CustomerId).OnDelete(DeleteBehavior.Cascade);
        entry.HasOne<ProviderProfile>().WithMany().HasForeignKey(e => e.ProviderId).OnDelete(DeleteBehavior.Cascade);
        entry.HasOne<Service>().WithMany().HasForeignKey(e => e.ServiceId).OnDelete(DeleteBehavior.Cascade);
        entry.HasOne(e => e.Booking).WithMany().HasForeignKey(e => e.BookingId).OnDelete(DeleteBehavior.SetNull);
        entry.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        entry.Property(e => e.Version).IsConcurrencyToken();
        entry.Ignore(e => e.HoldsTime);
        entry.Ignore(e => e.IsActive);
        // The line of one provider's day (the offerer), the holds in a calendar range (availability), and the sweep.
        entry.HasIndex(e => new { e.ProviderId, e.Status, e.Date });
        entry.HasIndex(e => new { e.ProviderId, e.Status, e.OfferStartUtc });
        entry.HasIndex(e => new { e.Status, e.OfferExpiresUtc });
        entry.HasIndex(e => e.CustomerId);
    }
}
