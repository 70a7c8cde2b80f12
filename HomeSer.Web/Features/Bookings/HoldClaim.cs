using HomeSer.Web.Infrastructure;

namespace HomeSer.Web.Features.Bookings;

/// <summary>
/// A create that books a start held for its customer on the waitlist: the hold does not count against its own claim, and
/// <paramref name="InTransactionAsync"/> marks the hold claimed in the booking's transaction (refusing rolls both back).
/// </summary>
public sealed record HoldClaim(int WaitlistEntryId, Func<Booking, DateTime, CancellationToken, Task<DomainError?>> InTransactionAsync);
