using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Notifications;
using HomeSer.Web.Features.Payments;
using HomeSer.Web.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace HomeSer.Tests.Bookings;

/// <summary>
/// Every move x party x status (before and after the start), on the entity alone with a fake clock: no database. The
/// expected table below is written out from the contract, not computed from BookingRules.
/// </summary>
public sealed class BookingMoveTableTests
{
    private const int ProviderId = 7, CustomerId = 11, ProviderUserId = 12;
    private static readonly DateTime Start = new(2030, 3, 4, 10, 0, 0, DateTimeKind.Utc);

    private static readonly Dictionary<BookingParty, Actor> Actors = new()
    {
        [BookingParty.Customer] = new Actor(CustomerId, IsCustomer: true, IsProvider: false, IsAdmin: false, ProviderId: null),
        [BookingParty.Provider] = new Actor(ProviderUserId, IsCustomer: false, IsProvider: true, IsAdmin: false, ProviderId: ProviderId),
        [BookingParty.Admin] = new Actor(99, IsCustomer: false, IsProvider: false, IsAdmin: true, ProviderId: null),
        [BookingParty.None] = new Actor(50, IsCustomer: true, IsProvider: false, IsAdmin: false, ProviderId: null),
    };

    private static readonly BookingStatus[] Movable = [BookingStatus.Pending, BookingStatus.Confirmed, BookingStatus.Rescheduled];
    private static readonly BookingStatus[] NotFinal = [BookingStatus.Pending, BookingStatus.Confirmed, BookingStatus.Rescheduled, BookingStatus.InProgress];
    private static readonly BookingParty[] ProviderSide = [BookingParty.Provider, BookingParty.Admin];
    private static readonly BookingParty[] AnyParty = [BookingParty.Customer, BookingParty.Provider, BookingParty.Admin];

    /// <summary>From which statuses, by whom, and where the move leads (CONTRACT.md, "Statuses and the only legal moves").</summary>
    private static (BookingStatus[] From, BookingParty[] By, Func<BookingStatus, BookingStatus> To, bool NeedsStart) Expected(BookingMoves move) => move switch
    {
        BookingMoves.Confirm => ([BookingStatus.Pending, BookingStatus.Rescheduled], ProviderSide, _ => BookingStatus.Confirmed, false),
        BookingMoves.Start => ([BookingStatus.Confirmed], ProviderSide, _ => BookingStatus.InProgress, false),
        BookingMoves.Complete => ([BookingStatus.InProgress], ProviderSide, _ => BookingStatus.Completed, false),
        BookingMoves.NoShow => ([BookingStatus.Confirmed], ProviderSide, _ => BookingStatus.NoShow, true),
        BookingMoves.Cancel => (Movable, AnyParty, _ => BookingStatus.Cancelled, false),
        BookingMoves.Reschedule => (Movable, AnyParty, s => s == BookingStatus.Pending ? BookingStatus.Pending : BookingStatus.Rescheduled, false),
        BookingMoves.EditCustomerNotes => (NotFinal, [BookingParty.Customer, BookingParty.Admin], s => s, false),
        BookingMoves.EditProviderNotes => (NotFinal, ProviderSide, s => s, false),
        BookingMoves.Review => ([BookingStatus.Completed], [BookingParty.Customer], s => s, false),
        _ => throw new ArgumentOutOfRangeException(nameof(move)),
    };

    public static TheoryData<BookingMoves, BookingParty, BookingStatus, bool> Cases()
    {
        var data = new TheoryData<BookingMoves, BookingParty, BookingStatus, bool>();
        foreach (var move in BookingRules.EveryMove)
        {
            foreach (var party in Enum.GetValues<BookingParty>())
            {
                foreach (var status in Enum.GetValues<BookingStatus>())
                {
                    data.Add(move, party, status, false);
                    data.Add(move, party, status, true);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_entity_allows_exactly_the_contracts_moves(BookingMoves move, BookingParty party, BookingStatus status, bool started)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(started ? Start.AddMinutes(5) : Start.AddHours(-30)));
        var now = clock.GetUtcNow().UtcDateTime;
        var booking = Booking.Seeded(1, ProviderId, CustomerId, DateOnly.FromDateTime(Start), Start, 60, 5000, "EUR", status,
            Payment.OnCompletion(5000, "EUR", now), now.AddDays(-1), now.AddDays(-1));
        var actor = Actors[party];
        var expected = Expected(move);
        var legal = expected.From.Contains(status) && (!expected.NeedsStart || started);
        var permitted = expected.By.Contains(party);

        var offered = booking.AllowedMoves(actor, now).HasFlag(move);
        var version = booking.Version;
        var error = Make(booking, move, actor, now);

        Assert.Equal(permitted && legal, offered);
        if (!permitted)
        {
            Assert.Equal(ErrorKind.Forbidden, error?.Kind);
        }
        else if (!legal)
        {
            Assert.Equal(ErrorKind.NotModifiable, error?.Kind);
        }
        else
        {
            Assert.Null(error);
        }

        if (error is null && move != BookingMoves.Review)
        {
            Assert.Equal(expected.To(status), booking.Status);
            Assert.Equal(version + 1, booking.Version);
            var statusEvent = move is BookingMoves.EditCustomerNotes or BookingMoves.EditProviderNotes
                ? null
                : Assert.IsType<BookingStatusChanged>(Assert.Single(booking.Events.Take()));
            Assert.Equal(statusEvent is null ? null : status, statusEvent?.From);
        }
        else
        {
            Assert.Equal(status, booking.Status);
            Assert.Equal(version, booking.Version);
            Assert.False(booking.Events.Any);
        }
    }

    private static DomainError? Make(Booking booking, BookingMoves move, Actor actor, DateTime now) => move switch
    {
        BookingMoves.Confirm => booking.Confirm(actor, now),
        BookingMoves.Start => booking.Start(actor, now),
        BookingMoves.Complete => booking.Complete(actor, now),
        BookingMoves.NoShow => booking.MarkNoShow(actor, now),
        BookingMoves.Cancel => booking.Cancel(actor, "reason", now),
        BookingMoves.Reschedule => booking.ChangeTime(actor, DateOnly.FromDateTime(Start.AddDays(1)), Start.AddDays(1), 60, 5000, now),
        BookingMoves.EditCustomerNotes => booking.EditCustomerNotes(actor, "new notes", now),
        BookingMoves.EditProviderNotes => booking.EditProviderNotes(actor, "new notes", now),
        // Reviewing is the review service's write; the entity only answers whether it is allowed.
        BookingMoves.Review => booking.Refusal(BookingMoves.Review, actor, now),
        _ => throw new ArgumentOutOfRangeException(nameof(move)),
    };

    [Theory]
    [InlineData(BookingStatus.Pending, true)]
    [InlineData(BookingStatus.Confirmed, true)]
    [InlineData(BookingStatus.Rescheduled, true)]
    [InlineData(BookingStatus.InProgress, true)]
    [InlineData(BookingStatus.Completed, false)]
    [InlineData(BookingStatus.Cancelled, false)]
    [InlineData(BookingStatus.NoShow, false)]
    public void The_query_filter_and_the_rule_agree_on_which_statuses_hold_the_providers_time(BookingStatus status, bool holds)
    {
        var now = Start.AddDays(-2);
        var booking = Booking.Seeded(1, ProviderId, CustomerId, DateOnly.FromDateTime(Start), Start, 60, 5000, "EUR", status,
            Payment.OnCompletion(5000, "EUR", now), now, now);

        Assert.Equal(holds, BookingRules.HoldsTime(status));
        Assert.Equal(holds, BookingFilters.HoldsProviderTime.Compile()(booking));
    }

    [Fact]
    public void Only_a_pending_booking_expires_and_the_system_frees_its_time()
    {
        var now = Start.AddHours(-30);
        foreach (var status in Enum.GetValues<BookingStatus>())
        {
            var booking = Booking.Seeded(1, ProviderId, CustomerId, DateOnly.FromDateTime(Start), Start, 60, 5000, "EUR", status,
                Payment.OnCompletion(5000, "EUR", now), now, now);
            var error = booking.Expire("late", now);
            Assert.Equal(status == BookingStatus.Pending, error is null);
            Assert.Equal(status == BookingStatus.Pending ? BookingStatus.Cancelled : status, booking.Status);
        }
    }
}
