using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Notifications;
using HomeSer.Web.Features.Payments;
using HomeSer.Web.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace HomeSer.Tests.Bookings;

/// <summary>
/// Every move x party x status x timing (the day before, on the day before the start, after the start), on the entity
/// alone with a fake clock: no database. The
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
    /// <summary>The earliest timing a move needs: a job starts on its day; it completes or is missed only after its start.</summary>
    private static (BookingStatus[] From, BookingParty[] By, Func<BookingStatus, BookingStatus> To, BookingTiming Earliest) Expected(BookingMoves move) => move switch
    {
        BookingMoves.Confirm => ([BookingStatus.Pending, BookingStatus.Rescheduled], ProviderSide, _ => BookingStatus.Confirmed, BookingTiming.BeforeItsDay),
        BookingMoves.Start => ([BookingStatus.Confirmed], ProviderSide, _ => BookingStatus.InProgress, BookingTiming.OnItsDay),
        BookingMoves.Complete => ([BookingStatus.InProgress], ProviderSide, _ => BookingStatus.Completed, BookingTiming.Started),
        BookingMoves.NoShow => ([BookingStatus.Confirmed], ProviderSide, _ => BookingStatus.NoShow, BookingTiming.Started),
        BookingMoves.Cancel => (Movable, AnyParty, _ => BookingStatus.Cancelled, BookingTiming.BeforeItsDay),
        BookingMoves.Reschedule => (Movable, AnyParty, s => s == BookingStatus.Pending ? BookingStatus.Pending : BookingStatus.Rescheduled, BookingTiming.BeforeItsDay),
        BookingMoves.EditCustomerNotes => (NotFinal, [BookingParty.Customer, BookingParty.Admin], s => s, BookingTiming.BeforeItsDay),
        BookingMoves.EditProviderNotes => (NotFinal, ProviderSide, s => s, BookingTiming.BeforeItsDay),
        BookingMoves.Review => ([BookingStatus.Completed], [BookingParty.Customer], s => s, BookingTiming.BeforeItsDay),
        _ => throw new ArgumentOutOfRangeException(nameof(move)),
    };

    /// <summary>Now for each timing, for a booking at 10:00 UTC with a provider on UTC: the day before, 08:00 that day, just after the start.</summary>
    private static DateTime NowAt(BookingTiming timing) => timing switch
    {
        BookingTiming.BeforeItsDay => Start.AddHours(-30),
        BookingTiming.OnItsDay => Start.AddHours(-2),
        _ => Start.AddMinutes(5),
    };

    public static TheoryData<BookingMoves, BookingParty, BookingStatus, BookingTiming> Cases()
    {
        var data = new TheoryData<BookingMoves, BookingParty, BookingStatus, BookingTiming>();
        foreach (var move in BookingRules.EveryMove)
        {
            foreach (var party in Enum.GetValues<BookingParty>())
            {
                foreach (var status in Enum.GetValues<BookingStatus>())
                {
                    foreach (var timing in Enum.GetValues<BookingTiming>())
                    {
                        data.Add(move, party, status, timing);
                    }
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_entity_allows_exactly_the_contracts_moves(BookingMoves move, BookingParty party, BookingStatus status, BookingTiming timing)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(NowAt(timing)));
        var now = clock.GetUtcNow().UtcDateTime;
        var booking = Booking.Seeded(1, ProviderId, CustomerId, DateOnly.FromDateTime(Start), Start, 60, 5000, "EUR", status,
            Payment.OnCompletion(5000, "EUR", now), now.AddDays(-1), now.AddDays(-1));
        booking.Provider = new HomeSer.Web.Features.Catalog.ProviderProfile { TimeZoneId = "UTC" };
        var actor = Actors[party];
        var expected = Expected(move);
        var legal = expected.From.Contains(status) && timing >= expected.Earliest;
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
    [InlineData("2030-03-01T09:00:00Z", false)] // the 1st, two days early
    [InlineData("2030-03-02T22:59:00Z", false)] // 23:59 on the 2nd in Berlin
    [InlineData("2030-03-02T23:00:00Z", true)]  // midnight of the 3rd in Berlin, still the 2nd in UTC
    [InlineData("2030-03-03T07:00:00Z", true)]  // 08:00 on its day, before the start
    public void A_job_starts_on_its_day_in_the_providers_zone(string nowUtc, bool startable)
    {
        var start = new DateTime(2030, 3, 3, 9, 0, 0, DateTimeKind.Utc); // 10:00 in Berlin
        var now = DateTime.Parse(nowUtc, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        var booking = Booking.Seeded(1, ProviderId, CustomerId, new DateOnly(2030, 3, 3), start, 60, 5000, "EUR", BookingStatus.Confirmed,
            Payment.OnCompletion(5000, "EUR", now), now.AddDays(-5), now.AddDays(-5));
        booking.Provider = new HomeSer.Web.Features.Catalog.ProviderProfile { TimeZoneId = "Europe/Berlin" };
        var provider = Actors[BookingParty.Provider];

        Assert.Equal(startable, booking.AllowedMoves(provider, now).HasFlag(BookingMoves.Start));
        Assert.Equal(startable, booking.Start(provider, now) is null);
    }

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
