using System.Linq.Expressions;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Infrastructure;

namespace HomeSer.Web.Features.Bookings;

/// <summary>Everything a party can do to a booking; a set of them is what a page offers and what the API accepts.</summary>
[Flags]
public enum BookingMoves
{
    None = 0,
    Confirm = 1 << 0,
    Start = 1 << 1,
    Complete = 1 << 2,
    NoShow = 1 << 3,
    Cancel = 1 << 4,
    Reschedule = 1 << 5,
    EditCustomerNotes = 1 << 6,
    EditProviderNotes = 1 << 7,
    Review = 1 << 8,
}

/// <summary>
/// Where now stands against a booking's time: before its day (in the provider's zone), on its day before the start, or
/// past the start. The lifecycle needs all three: a job starts on its day, completes and misses only after its start.
/// </summary>
public enum BookingTiming { BeforeItsDay, OnItsDay, Started }

/// <summary>What the ranking's reliability counters make of one status change (see ProviderStats).</summary>
public enum ProviderCounter { None, FirstConfirmation, Completed, NoShow, CancelledByProvider }

/// <summary>
/// The booking lifecycle in one table: which party may make which move from which status. <see cref="Booking"/>'s move
/// methods ask <see cref="Refusal"/>; pages and lists ask <see cref="Allowed"/>; queries use the expressions below.
/// Pure: no clock, no database (the caller says where now stands against the booking, <see cref="TimingOf"/>).
/// </summary>
public static class BookingRules
{
    public static readonly BookingMoves[] EveryMove =
        Enum.GetValues<BookingMoves>().Where(m => m != BookingMoves.None).ToArray();

    /// <summary>The strongest relation the actor has to a booking (admin, then provider, then customer).</summary>
    public static BookingParty PartyOf(Actor actor, int providerId, int customerId) =>
        actor.IsAdmin ? BookingParty.Admin
        : actor.ProviderId == providerId ? BookingParty.Provider
        : actor.UserId == customerId ? BookingParty.Customer
        : BookingParty.None;

    public static bool HoldsTime(BookingStatus status) =>
        status is BookingStatus.Pending or BookingStatus.Confirmed or BookingStatus.Rescheduled or BookingStatus.InProgress;

    /// <summary>A request nobody answered lapses (see <see cref="BookingFilters.StalePending"/>); a moved booking keeps its old time instead.</summary>
    public static bool Lapses(BookingStatus status) => status == BookingStatus.Pending;

    public static bool IsFinal(BookingStatus status) =>
        status is BookingStatus.Completed or BookingStatus.Cancelled or BookingStatus.NoShow;

    /// <summary>Where <paramref name="now"/> stands against a booking starting at <paramref name="startUtc"/>, by the provider's calendar day.</summary>
    public static BookingTiming TimingOf(DateTime startUtc, string timeZoneId, DateTime now) =>
        now >= startUtc ? BookingTiming.Started
        : Scheduling.AvailabilityEngine.LocalDate(timeZoneId, now) >= Scheduling.AvailabilityEngine.LocalDate(timeZoneId, startUtc) ? BookingTiming.OnItsDay
        : BookingTiming.BeforeItsDay;

    /// <summary>Every move <paramref name="party"/> may make now.</summary>
    public static BookingMoves Allowed(BookingStatus status, BookingParty party, BookingTiming timing)
    {
        var moves = BookingMoves.None;
        foreach (var move in EveryMove)
        {
            if (Refusal(move, status, party, timing) is null)
            {
                moves |= move;
            }
        }
        return moves;
    }

    /// <summary>Why <paramref name="party"/> may not make <paramref name="move"/> now (Forbidden or NotModifiable), or null.</summary>
    public static DomainError? Refusal(BookingMoves move, BookingStatus status, BookingParty party, BookingTiming timing)
    {
        if (!PartiesOf(move).Contains(party))
        {
            return DomainError.Forbidden(WhoMay(move));
        }
        var legal = move switch
        {
            BookingMoves.Confirm => status is BookingStatus.Pending or BookingStatus.Rescheduled,
            BookingMoves.Start => status == BookingStatus.Confirmed,
            BookingMoves.Complete => status == BookingStatus.InProgress,
            BookingMoves.NoShow => status == BookingStatus.Confirmed,
            BookingMoves.Cancel or BookingMoves.Reschedule => status is BookingStatus.Pending or BookingStatus.Confirmed or BookingStatus.Rescheduled,
            BookingMoves.EditCustomerNotes or BookingMoves.EditProviderNotes => !IsFinal(status),
            BookingMoves.Review => status == BookingStatus.Completed,
            _ => throw new ArgumentOutOfRangeException(nameof(move)),
        };
        if (!legal)
        {
            return DomainError.NotModifiable($"A {status.ToWire()} booking cannot be {Participle(move)}.");
        }
        return (move, timing) switch
        {
            (BookingMoves.Start, BookingTiming.BeforeItsDay) => DomainError.NotModifiable("A booking can only be started on its day."),
            // Completion stamps end_time, which must never fall before start_time.
            (BookingMoves.Complete, not BookingTiming.Started) => DomainError.NotModifiable("A booking can only be completed after its start time."),
            (BookingMoves.NoShow, not BookingTiming.Started) => DomainError.NotModifiable("A booking can only be marked as no-show after its start time."),
            _ => null,
        };
    }

    /// <summary>Where a move leads; a time change of a pending booking keeps it pending.</summary>
    public static BookingStatus Target(BookingMoves move, BookingStatus from) => move switch
    {
        BookingMoves.Confirm => BookingStatus.Confirmed,
        BookingMoves.Start => BookingStatus.InProgress,
        BookingMoves.Complete => BookingStatus.Completed,
        BookingMoves.NoShow => BookingStatus.NoShow,
        BookingMoves.Cancel => BookingStatus.Cancelled,
        BookingMoves.Reschedule => from == BookingStatus.Pending ? BookingStatus.Pending : BookingStatus.Rescheduled,
        _ => from,
    };

    private static BookingParty[] PartiesOf(BookingMoves move) => move switch
    {
        BookingMoves.Confirm or BookingMoves.Start or BookingMoves.Complete or BookingMoves.NoShow or BookingMoves.EditProviderNotes =>
            [BookingParty.Provider, BookingParty.Admin],
        BookingMoves.EditCustomerNotes => [BookingParty.Customer, BookingParty.Admin],
        BookingMoves.Review => [BookingParty.Customer],
        BookingMoves.Cancel or BookingMoves.Reschedule => [BookingParty.Customer, BookingParty.Provider, BookingParty.Admin],
        _ => throw new ArgumentOutOfRangeException(nameof(move)),
    };

    private static string WhoMay(BookingMoves move) => move switch
    {
        BookingMoves.Confirm => "Only the booking's provider or an admin can confirm it.",
        BookingMoves.Start => "Only the booking's provider or an admin can start it.",
        BookingMoves.Complete => "Only the booking's provider or an admin can complete it.",
        BookingMoves.NoShow => "Only the booking's provider or an admin can mark as no-show it.",
        BookingMoves.Cancel => "Only the booking's customer, its provider or an admin can cancel it.",
        BookingMoves.Reschedule => "Only the booking's parties can reschedule it.",
        BookingMoves.EditCustomerNotes => "Only the booking's customer can change customer_notes.",
        BookingMoves.EditProviderNotes => "Only the booking's provider can change provider_notes.",
        BookingMoves.Review => "Only the booking's customer can review it.",
        _ => throw new ArgumentOutOfRangeException(nameof(move)),
    };

    private static string Participle(BookingMoves move) => move switch
    {
        BookingMoves.Confirm => "confirmed",
        BookingMoves.Start => "started",
        BookingMoves.Complete => "completed",
        BookingMoves.NoShow => "marked as no-show",
        BookingMoves.Cancel => "cancelled",
        BookingMoves.Reschedule => "rescheduled",
        BookingMoves.Review => "reviewed",
        _ => "edited",
    };

    /// <summary>What a status change adds to the provider's reliability counters.</summary>
    public static ProviderCounter CounterFor(BookingStatus? from, BookingStatus to, BookingParty? by) => (from, to) switch
    {
        _ when from == to => ProviderCounter.None,
        // Only the first answer to a new booking measures responsiveness; re-confirming a move does not.
        (BookingStatus.Pending, BookingStatus.Confirmed) => ProviderCounter.FirstConfirmation,
        (_, BookingStatus.Completed) => ProviderCounter.Completed,
        (_, BookingStatus.NoShow) => ProviderCounter.NoShow,
        (_, BookingStatus.Cancelled) when by == BookingParty.Provider => ProviderCounter.CancelledByProvider,
        _ => ProviderCounter.None,
    };
}

/// <summary>The lifecycle's questions as query filters, so SQL asks exactly what <see cref="BookingRules"/> answers.</summary>
public static class BookingFilters
{
    /// <summary>The one expression for "holds the provider's time" (pending, confirmed, rescheduled, in progress).</summary>
    public static readonly Expression<Func<Booking, bool>> HoldsProviderTime = b =>
        b.Status == BookingStatus.Pending || b.Status == BookingStatus.Confirmed
        || b.Status == BookingStatus.Rescheduled || b.Status == BookingStatus.InProgress;

    /// <summary>Holds the provider's time and is not under way yet (can still be moved or cancelled).</summary>
    public static readonly Expression<Func<Booking, bool>> HoldsTimeNotStarted = b =>
        b.Status == BookingStatus.Pending || b.Status == BookingStatus.Confirmed || b.Status == BookingStatus.Rescheduled;

    /// <summary>Waiting for the provider to confirm (new, or moved after confirmation).</summary>
    public static readonly Expression<Func<Booking, bool>> AwaitsProviderAnswer = b =>
        b.Status == BookingStatus.Pending || b.Status == BookingStatus.Rescheduled;

    /// <summary>Agreed at some point and still to happen: what reminders are for.</summary>
    public static readonly Expression<Func<Booking, bool>> DueForReminders = b =>
        b.Status == BookingStatus.Confirmed || b.Status == BookingStatus.Rescheduled;

    /// <summary>The job is being done right now.</summary>
    public static readonly Expression<Func<Booking, bool>> UnderWay = b => b.Status == BookingStatus.InProgress;

    /// <summary>The job was done (what "jobs done" counts).</summary>
    public static readonly Expression<Func<Booking, bool>> Done = b => b.Status == BookingStatus.Completed;

    /// <summary>Confirmed and not started yet.</summary>
    public static readonly Expression<Func<Booking, bool>> Confirmed = b => b.Status == BookingStatus.Confirmed;

    /// <summary>A provider's day: confirmed jobs starting in [from, to) and every job under way.</summary>
    public static Expression<Func<Booking, bool>> OnTheDay(DateTime from, DateTime to) => b =>
        (b.Status == BookingStatus.Confirmed && b.StartUtc >= from && b.StartUtc < to) || b.Status == BookingStatus.InProgress;

    /// <summary>The system expires a pending booking nobody confirmed by <paramref name="createdBefore"/> or whose start passed.</summary>
    public static Expression<Func<Booking, bool>> StalePending(DateTime createdBefore, DateTime now) => b =>
        b.Status == BookingStatus.Pending && (b.CreatedAt <= createdBefore || b.StartUtc <= now);

    /// <summary>When a pending booking lapses by <see cref="StalePending"/>: its expiry hours after creation, or its start if sooner.</summary>
    public static DateTime PendingExpiresAt(DateTime createdAt, DateTime startUtc, int expiryHours) =>
        createdAt.AddHours(expiryHours) < startUtc ? createdAt.AddHours(expiryHours) : startUtc;
}

/// <summary>The lifecycle's answers for a booking as the API and pages show it.</summary>
public static class BookingViewRules
{
    public static BookingStatus StatusOf(this BookingView view) =>
        BookingStatusNames.TryParse(view.Status, out var status) ? status : throw new InvalidOperationException($"Unknown status '{view.Status}'.");

    /// <summary>Every move the actor may make on this booking now (what the page offers as buttons); the zone is the provider's.</summary>
    public static BookingMoves AllowedMoves(this BookingView view, Actor actor, DateTime now, string timeZoneId) =>
        BookingRules.Allowed(view.StatusOf(), BookingRules.PartyOf(actor, view.Provider, view.Customer), BookingRules.TimingOf(view.StartTime, timeZoneId, now));

    public static bool IsFinal(this BookingView view) => BookingRules.IsFinal(view.StatusOf());

    public static bool HoldsTime(this BookingView view) => BookingRules.HoldsTime(view.StatusOf());

    /// <summary>Moved after it was confirmed: waits for the provider to confirm the new time.</summary>
    public static bool AwaitsReconfirmation(this BookingView view) => view.StatusOf() == BookingStatus.Rescheduled;

    /// <summary>A move of this booking in time will need the provider to confirm again.</summary>
    public static bool MoveNeedsReconfirmation(this BookingView view) =>
        BookingRules.Target(BookingMoves.Reschedule, view.StatusOf()) == BookingStatus.Rescheduled;
}
