using HomeSer.Web.Features.Catalog;
using HomeSer.Web.Features.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HomeSer.Web.Data.Configurations;

internal sealed class WeeklyHoursConfiguration : IEntityTypeConfiguration<WeeklyHours>
{
    public void Configure(EntityTypeBuilder<WeeklyHours> hours)
    {
        hours.HasOne<ProviderProfile>().WithMany().HasForeignKey(h => h.ProviderId).OnDelete(DeleteBehavior.Cascade);
        hours.HasIndex(h => h.ProviderId);
    }
}

internal sealed class WeeklyBreakConfiguration : IEntityTypeConfiguration<WeeklyBreak>
{
    public void Configure(EntityTypeBuilder<WeeklyBreak> pause)
    {
        pause.HasOne<ProviderProfile>().WithMany().HasForeignKey(b => b.ProviderId).OnDelete(DeleteBehavior.Cascade);
        pause.HasIndex(b => b.ProviderId);
    }
}

internal sealed class TimeOffConfiguration : IEntityTypeConfiguration<TimeOff>
{
    public void Configure(EntityTypeBuilder<TimeOff> timeOff)
    {
        timeOff.ToTable("TimeOff");
        timeOff.HasOne<ProviderProfile>().WithMany().HasForeignKey(t => t.ProviderId).OnDelete(DeleteBehavior.Cascade);
        timeOff.Property(t => t.Reason).HasMaxLength(200);
        timeOff.HasIndex(t => new { t.ProviderId, t.StartUtc, t.EndUtc });
    }
}
