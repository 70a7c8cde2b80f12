using HomeSer.Web.Features.Accounts;

namespace HomeSer.Web.Features.Catalog;

/// <summary>A provider's public profile, service area and scheduling rules.</summary>
public sealed class ProviderProfile
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public AppUser? User { get; set; }
    public string DisplayName { get; set; } = "";
    public string Bio { get; set; } = "";
    public string City { get; set; } = "";
    public double Latitude { get; set; }
    public double Longitude { get; set; }
    public double ServiceRadiusKm { get; set; } = 25;
    /// <summary>IANA zone; working hours are wall-clock times in it.</summary>
    public string TimeZoneId { get; set; } = "UTC";
    public bool IsVerified { get; set; }
    public bool IsActive { get; set; } = true;

    public int BufferMinutes { get; set; } = 15;
    public int MinNoticeMinutes { get; set; } = 120;
    public int MaxAdvanceDays { get; set; } = 60;
    public int SlotStepMinutes { get; set; } = 15;
    /// <summary>Average speed between two homes; with the distance it gives the travel time between jobs.</summary>
    public int TravelSpeedKmh { get; set; } = Scheduling.TravelTime.DefaultSpeedKmh;

    // Maintained incrementally as reviews arrive (O(1) per review).
    public int RatingSum { get; set; }
    public int ReviewCount { get; set; }
    public double Rating => ReviewCount == 0 ? 0 : Math.Round((double)RatingSum / ReviewCount, 2);

    // Reliability and responsiveness, maintained incrementally as bookings change status (see ProviderStats).
    public int CompletedCount { get; set; }
    public int ProviderCancelledCount { get; set; }
    public int NoShowCount { get; set; }
    public int ConfirmedCount { get; set; }
    /// <summary>Sum over confirmed bookings of the minutes from booking to the provider's confirmation.</summary>
    public long TotalConfirmMinutes { get; set; }

    /// <summary>
    /// Optimistic concurrency token for the provider's calendar: every write that takes or frees
    /// provider time bumps it in the same transaction, so two racing bookings cannot both commit.
    /// </summary>
    public long ScheduleVersion { get; set; }

    public DateTime CreatedAt { get; set; }

    public List<Service> Services { get; set; } = [];
}
