namespace HomeSer.Web.Features.Reviews;

/// <summary>A customer's rating of one completed booking.</summary>
public sealed class Review
{
    public int Id { get; set; }
    public int BookingId { get; set; }
    public int ProviderId { get; set; }
    public int CustomerId { get; set; }
    public int Rating { get; set; }
    public string Comment { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
