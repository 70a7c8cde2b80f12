namespace HomeSer.Web.Features.Scheduling;

/// <summary>A row of one provider's calendar, so the loader can filter every table the same way.</summary>
public interface IProviderOwned
{
    int ProviderId { get; }
}

/// <summary>One weekly working period of a provider, in local wall-clock time.</summary>
public sealed class WeeklyHours : IProviderOwned
{
    public int Id { get; set; }
    public int ProviderId { get; set; }
    public DayOfWeek Day { get; set; }
    public TimeOnly Start { get; set; }
    public TimeOnly End { get; set; }
}

/// <summary>A weekly recurring break inside working hours (lunch), local wall-clock time.</summary>
public sealed class WeeklyBreak : IProviderOwned
{
    public int Id { get; set; }
    public int ProviderId { get; set; }
    public DayOfWeek Day { get; set; }
    public TimeOnly Start { get; set; }
    public TimeOnly End { get; set; }
}

/// <summary>A span when the provider does not work (holiday, sick day); may cover several days.</summary>
public sealed class TimeOff : IProviderOwned
{
    public int Id { get; set; }
    public int ProviderId { get; set; }
    public DateTime StartUtc { get; set; }
    public DateTime EndUtc { get; set; }
    public string Reason { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
