using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HomeSer.Web.Data.Configurations;

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> user)
    {
        user.Property(u => u.DisplayName).HasMaxLength(100).IsRequired();
        user.OwnsOne(u => u.HomeAddress, AddressMapping.Map<AppUser>("Home"));
    }
}

/// <summary>A <see cref="ServiceAddress"/> stored as columns of its owner, each named with a prefix.</summary>
internal static class AddressMapping
{
    public static Action<OwnedNavigationBuilder<TOwner, ServiceAddress>> Map<TOwner>(string prefix) where TOwner : class => address =>
    {
        address.Property(a => a.Street).HasColumnName(prefix + "Street").HasMaxLength(ServiceAddress.MaxStreetLength);
        address.Property(a => a.PostalCode).HasColumnName(prefix + "PostalCode").HasMaxLength(ServiceAddress.MaxPostalCodeLength);
        address.Property(a => a.City).HasColumnName(prefix + "City").HasMaxLength(ServiceAddress.MaxCityLength);
        address.Property(a => a.Lat).HasColumnName(prefix + "Lat");
        address.Property(a => a.Lng).HasColumnName(prefix + "Lng");
        address.Property(a => a.AccessNotes).HasColumnName(prefix + "AccessNotes").HasMaxLength(ServiceAddress.MaxAccessNotesLength);
        address.Property(a => a.Approximate).HasColumnName(prefix + "Approximate");
        address.Ignore(a => a.IsRedacted);
        address.Ignore(a => a.Place);
    };
}

internal sealed class ProviderProfileConfiguration : IEntityTypeConfiguration<ProviderProfile>
{
    public void Configure(EntityTypeBuilder<ProviderProfile> provider)
    {
        provider.ToTable("Providers");
        provider.HasOne(p => p.User).WithOne().HasForeignKey<ProviderProfile>(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        provider.HasIndex(p => p.UserId).IsUnique();
        provider.Property(p => p.DisplayName).HasMaxLength(100).IsRequired();
        provider.Property(p => p.Bio).HasMaxLength(2000);
        provider.Property(p => p.City).HasMaxLength(100);
        provider.Property(p => p.TimeZoneId).HasMaxLength(64).IsRequired();
        provider.Property(p => p.ScheduleVersion).IsConcurrencyToken();
        provider.Ignore(p => p.Events);
        provider.Ignore(p => p.Rating);
        // Bounding-box search on coordinates goes through this index instead of a full scan.
        provider.HasIndex(p => new { p.Latitude, p.Longitude });
        provider.HasIndex(p => p.City);
    }
}

internal sealed class ProviderPhotoConfiguration : IEntityTypeConfiguration<Features.Providers.ProviderPhoto>
{
    public void Configure(EntityTypeBuilder<Features.Providers.ProviderPhoto> photo)
    {
        photo.HasKey(p => p.ProviderId);
        photo.HasOne<ProviderProfile>().WithOne().HasForeignKey<Features.Providers.ProviderPhoto>(p => p.ProviderId).OnDelete(DeleteBehavior.Cascade);
        photo.Property(p => p.ContentType).HasMaxLength(40).IsRequired();
        photo.Ignore(p => p.Version);
    }
}

internal sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> category)
    {
        category.HasIndex(c => c.Slug).IsUnique();
        category.Property(c => c.Slug).HasMaxLength(60).IsRequired();
        category.Property(c => c.Name).HasMaxLength(100).IsRequired();
        category.Property(c => c.Description).HasMaxLength(500);
    }
}

internal sealed class ServiceConfiguration : IEntityTypeConfiguration<Service>
{
    public void Configure(EntityTypeBuilder<Service> service)
    {
        service.HasOne(s => s.Provider).WithMany(p => p.Services).HasForeignKey(s => s.ProviderId).OnDelete(DeleteBehavior.Cascade);
        service.HasOne(s => s.Category).WithMany().HasForeignKey(s => s.CategoryId).OnDelete(DeleteBehavior.Restrict);
        service.Property(s => s.Name).HasMaxLength(120).IsRequired();
        service.Property(s => s.Description).HasMaxLength(2000);
        service.Property(s => s.Currency).HasMaxLength(3).IsFixedLength().IsRequired();
        service.HasIndex(s => new { s.CategoryId, s.ProviderId });
    }
}
