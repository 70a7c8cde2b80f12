using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Pages.Bookings;

namespace HomeSer.Tests.Bookings;

/// <summary>Every status reads as a word and a symbol, on the page and in live.js's redraw alike.</summary>
public sealed class BookingStatusTextTests
{
    public static TheoryData<BookingStatus> Statuses() => new(Enum.GetValues<BookingStatus>());

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Every_status_has_its_own_word_and_symbol_and_live_js_gets_the_same(BookingStatus status)
    {
        var others = Enum.GetValues<BookingStatus>().Where(s => s != status).ToList();
        Assert.DoesNotContain(status.Label(), others.Select(s => s.Label()));
        Assert.DoesNotContain(status.Symbol(), others.Select(s => s.Symbol()));
        Assert.Equal([status.Symbol(), status.Label()], BookingDisplay.StatusLabels[status.ToWire()]);
        Assert.Equal(status.Label(), BookingDisplay.StatusText(status.ToWire()));
    }

    [Fact]
    public void The_stepper_follows_the_lifecycle_and_stops_for_bookings_that_ended_otherwise()
    {
        Assert.Equal(BookingStage.Requested, BookingStatus.Pending.Stage());
        Assert.Equal(BookingStage.Requested, BookingStatus.Rescheduled.Stage());
        Assert.Equal(BookingStage.Confirmed, BookingStatus.Confirmed.Stage());
        Assert.Equal(BookingStage.Underway, BookingStatus.InProgress.Stage());
        Assert.Equal(BookingStage.Done, BookingStatus.Completed.Stage());
        Assert.Null(BookingStatus.Cancelled.Stage());
        Assert.Null(BookingStatus.NoShow.Stage());
        Assert.Null(new NextSteps(BookingStatus.Cancelled.Stage(), Reviewed: false, PaysByCard: true).Steps);
        var reviewed = new NextSteps(BookingStage.Done, Reviewed: true, PaysByCard: false).Steps!;
        Assert.All(reviewed, step => Assert.Equal(StepState.Done, step.State));
    }

    [Fact]
    public void An_unknown_wire_status_is_shown_as_it_came_rather_than_failing_the_page()
    {
        Assert.Equal("on_hold", BookingDisplay.StatusText("on_hold"));
        Assert.Equal("•", BookingDisplay.StatusSymbol("on_hold"));
    }
}
