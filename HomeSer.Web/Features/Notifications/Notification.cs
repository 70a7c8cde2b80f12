namespace HomeSer.Web.Features.Notifications;

/// <summary>A stored message for one user, so nothing is lost while they are offline.</summary>
public sealed class Notification
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public string Kind { get; set; } = "";
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public int? BookingId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
    /// <summary>When the mail job sent it; null while it is still to be mailed.</summary>
    public DateTime? EmailedAt { get; set; }
}
