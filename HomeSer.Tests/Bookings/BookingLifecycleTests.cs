using System.Collections.Concurrent;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Notifications;
using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static HomeSer.Tests.Bookings.BookingKit;

namespace HomeSer.Tests.Bookings;

/// <summary>The app with a handler that records every published domain event.</summary>
public sealed class RecordingFactory : HomeSerFactory
{
    public ConcurrentQueue<DomainEvent> Events { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            var recorder = new Recorder(Events);
            services.AddSingleton<IDomainEventHandler<BookingStatusChanged>>(recorder);
            services.AddSingleton<IDomainEventHandler<AvailabilityChanged>>(recorder);
            services.AddSingleton<IDomainEventHandler<NotificationCreated>>(recorder);
        });
    }

    private sealed class Recorder(ConcurrentQueue<DomainEvent> events) :
        IDomainEventHandler<BookingStatusChanged>, IDomainEventHandler<AvailabilityChanged>, IDomainEventHandler<NotificationCreated>
    {
        public Task HandleAsync(BookingStatusChanged domainEvent, CancellationToken cancellationToken) => Record(domainEvent);
        public Task HandleAsync(AvailabilityChanged domainEvent, CancellationToken cancellationToken) => Record(domainEvent);
        public Task HandleAsync(NotificationCreated domainEvent, CancellationToken cancellationToken) => Record(domainEvent);

        private Task Record(DomainEvent domainEvent)
        {
            events.Enqueue(domainEvent);
            return Task.CompletedTask;
        }
    }
}

public sealed class BookingLifecycleTests(RecordingFactory factory) : IClassFixture<RecordingFactory>
{
    private async Task<(TestData.ProviderSetup Provider, Actor Customer, BookingView Booking)> PendingAsync(int daysAhead = 1, int hour = 10)
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.NewCustomerAsync();
        var booking = await factory.BookedAsync(customer, Command(provider, factory.BerlinStart(daysAhead, hour)));
        return (provider, customer, booking);
    }

    [Fact]
    public async Task Provider_confirms_starts_and_completes_and_completion_sets_end_time_and_collects_payment()
    {
        var (provider, _, booking) = await PendingAsync();
        var actor = AsProvider(provider);

        var confirmed = (await factory.CallAsync(s => s.ConfirmAsync(actor, booking.Id, default))).Ok();
        factory.ArriveAt(booking.StartTime);
        var started = (await factory.CallAsync(s => s.StartAsync(actor, booking.Id, default))).Ok();
        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        var completed = (await factory.CallAsync(s => s.CompleteAsync(actor, booking.Id, default))).Ok();

        Assert.Equal(["confirmed", "in_progress", "completed"], new[] { confirmed.Status, started.Status, completed.Status });
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, completed.EndTime);
        Assert.Equal(new PaymentView("captured", "on_completion", 8900), completed.Payment);
        Assert.True(completed.Version > booking.Version + 2);
    }

    [Fact]
    public async Task An_admin_may_confirm_any_booking()
    {
        var (_, _, booking) = await PendingAsync();

        var admin = await factory.NewAdminAsync();

        var confirmed = await factory.CallAsync(s => s.ConfirmAsync(admin, booking.Id, default));

        Assert.Equal("confirmed", confirmed.Ok().Status);
    }

    [Fact]
    public async Task The_customer_cannot_confirm_their_own_booking()
    {
        var (_, customer, booking) = await PendingAsync();

        (await factory.CallAsync(s => s.ConfirmAsync(customer, booking.Id, default))).Failed(ErrorKind.Forbidden);
        (await factory.CallAsync(s => s.StartAsync(customer, booking.Id, default))).Failed(ErrorKind.Forbidden);
    }

    [Fact]
    public async Task A_stranger_does_not_learn_the_booking_exists()
    {
        var (_, _, booking) = await PendingAsync();
        var otherCustomer = await factory.NewCustomerAsync();
        var otherProvider = AsProvider(await factory.CreateProviderAsync());

        (await factory.CallAsync(s => s.GetAsync(otherCustomer, booking.Id, default))).Failed(ErrorKind.NotFound);
        (await factory.CallAsync(s => s.CancelAsync(otherCustomer, booking.Id, null, default))).Failed(ErrorKind.NotFound);
        (await factory.CallAsync(s => s.UpdateAsync(otherCustomer, booking.Id, new BookingPatch("hi", null, null, null, booking.Version), default))).Failed(ErrorKind.NotFound);
        (await factory.CallAsync(s => s.GetAsync(otherProvider, booking.Id, default))).Failed(ErrorKind.NotFound);
        (await factory.CallAsync(s => s.ConfirmAsync(otherProvider, booking.Id, default))).Failed(ErrorKind.NotFound);
    }

    [Fact]
    public async Task The_customer_cancels_with_a_reason()
    {
        var (_, customer, booking) = await PendingAsync();

        var cancelled = (await factory.CallAsync(s => s.CancelAsync(customer, booking.Id, "Fixed it myself", default))).Ok();

        Assert.Equal("cancelled", cancelled.Status);
        Assert.Equal("Fixed it myself", cancelled.CancellationReason);
        Assert.Equal("voided", cancelled.Payment.Status);
    }

    [Fact]
    public async Task A_cancellation_reason_longer_than_500_characters_is_rejected()
    {
        var (_, customer, booking) = await PendingAsync();

        (await factory.CallAsync(s => s.CancelAsync(customer, booking.Id, new string('r', 501), default))).Failed(ErrorKind.Validation).HasField("reason");
    }

    public static TheoryData<string> IllegalMoves => new()
    {
        "start a pending booking", "complete a pending booking", "no-show a pending booking",
        "confirm a cancelled booking", "cancel a completed booking", "cancel an in-progress booking", "confirm a confirmed booking",
    };

    [Theory]
    [MemberData(nameof(IllegalMoves))]
    public async Task A_move_the_lifecycle_does_not_allow_is_not_modifiable(string move)
    {
        var (provider, customer, booking) = await PendingAsync();
        var actor = AsProvider(provider);
        async Task Do(Func<BookingService, Task<Result<BookingView>>> call) => (await factory.CallAsync(call)).Ok();

        Result<BookingView> result;
        switch (move)
        {
            case "start a pending booking":
                result = await factory.CallAsync(s => s.StartAsync(actor, booking.Id, default));
                break;
            case "complete a pending booking":
                result = await factory.CallAsync(s => s.CompleteAsync(actor, booking.Id, default));
                break;
            case "no-show a pending booking":
                result = await factory.CallAsync(s => s.MarkNoShowAsync(actor, booking.Id, default));
                break;
            case "confirm a cancelled booking":
                await Do(s => s.CancelAsync(customer, booking.Id, null, default));
                result = await factory.CallAsync(s => s.ConfirmAsync(actor, booking.Id, default));
                break;
            case "cancel a completed booking":
                await Do(s => s.ConfirmAsync(actor, booking.Id, default));
                factory.ArriveAt(booking.StartTime);
                await Do(s => s.StartAsync(actor, booking.Id, default));
                await Do(s => s.CompleteAsync(actor, booking.Id, default));
                result = await factory.CallAsync(s => s.CancelAsync(customer, booking.Id, null, default));
                break;
            case "cancel an in-progress booking":
                await Do(s => s.ConfirmAsync(actor, booking.Id, default));
                factory.ArriveAt(booking.StartTime);
                await Do(s => s.StartAsync(actor, booking.Id, default));
                result = await factory.CallAsync(s => s.CancelAsync(customer, booking.Id, null, default));
                break;
            default:
                await Do(s => s.ConfirmAsync(actor, booking.Id, default));
                result = await factory.CallAsync(s => s.ConfirmAsync(actor, booking.Id, default));
                break;
        }

        result.Failed(ErrorKind.NotModifiable);
    }

    [Fact]
    public async Task No_show_is_refused_before_the_start_and_allowed_after_it()
    {
        var (provider, _, booking) = await PendingAsync(daysAhead: 0, hour: 12);
        var actor = AsProvider(provider);
        (await factory.CallAsync(s => s.ConfirmAsync(actor, booking.Id, default))).Ok();

        var early = await factory.CallAsync(s => s.MarkNoShowAsync(actor, booking.Id, default));
        factory.Clock.SetUtcNow(booking.StartTime.AddMinutes(20));
        var late = await factory.CallAsync(s => s.MarkNoShowAsync(actor, booking.Id, default));

        Assert.Contains("after its start", early.Failed(ErrorKind.NotModifiable).Message);
        Assert.Equal("no_show", late.Ok().Status);
    }

    [Fact]
    public async Task Rescheduling_a_confirmed_booking_waits_for_the_provider_to_confirm_again()
    {
        var (provider, customer, booking) = await PendingAsync();
        var confirmed = (await factory.CallAsync(s => s.ConfirmAsync(AsProvider(provider), booking.Id, default))).Ok();
        var newStart = booking.StartTime.AddHours(2);

        var moved = (await factory.CallAsync(s => s.UpdateAsync(customer, booking.Id, new BookingPatch(null, null, newStart, 90, confirmed.Version), default))).Ok();
        var movedAgain = (await factory.CallAsync(s => s.UpdateAsync(customer, booking.Id, new BookingPatch(null, null, newStart.AddMinutes(15), null, moved.Version), default))).Ok();
        var reconfirmed = (await factory.CallAsync(s => s.ConfirmAsync(AsProvider(provider), booking.Id, default))).Ok();

        Assert.Equal(("rescheduled", newStart, 90, 13350L), (moved.Status, moved.StartTime, moved.Duration, moved.PriceCents));
        Assert.Equal("rescheduled", movedAgain.Status);
        Assert.Equal("confirmed", reconfirmed.Status);
    }

    [Fact]
    public async Task Moving_a_pending_booking_keeps_it_pending_and_may_overlap_its_own_old_time()
    {
        var (_, customer, booking) = await PendingAsync();

        var moved = (await factory.CallAsync(s => s.UpdateAsync(customer, booking.Id, new BookingPatch(null, null, booking.StartTime.AddMinutes(30), null, booking.Version), default))).Ok();

        Assert.Equal(("pending", booking.StartTime.AddMinutes(30)), (moved.Status, moved.StartTime));
    }

    [Fact]
    public async Task Rescheduling_onto_another_booking_is_a_conflict()
    {
        var (provider, customer, booking) = await PendingAsync();
        await factory.BookedAsync(await factory.NewCustomerAsync(), Command(provider, booking.StartTime.AddHours(3)));

        var result = await factory.CallAsync(s => s.UpdateAsync(customer, booking.Id, new BookingPatch(null, null, booking.StartTime.AddHours(3), null, booking.Version), default));

        result.Failed(ErrorKind.Conflict).HasField("start_time");
    }

    [Fact]
    public async Task A_stale_or_missing_version_is_a_conflict_on_version()
    {
        var (_, customer, booking) = await PendingAsync();
        (await factory.CallAsync(s => s.UpdateAsync(customer, booking.Id, new BookingPatch("first", null, null, null, booking.Version), default))).Ok();

        var stale = await factory.CallAsync(s => s.UpdateAsync(customer, booking.Id, new BookingPatch("second", null, null, null, booking.Version), default));
        var missing = await factory.CallAsync(s => s.UpdateAsync(customer, booking.Id, new BookingPatch("third", null, null, null, null), default));

        stale.Failed(ErrorKind.Conflict).HasField("version");
        missing.Failed(ErrorKind.Conflict).HasField("version");
    }

    [Fact]
    public async Task Each_party_edits_only_their_own_notes()
    {
        var (provider, customer, booking) = await PendingAsync();

        var customerOnProviderNotes = await factory.CallAsync(s => s.UpdateAsync(customer, booking.Id, new BookingPatch(null, "sneaky", null, null, booking.Version), default));
        var providerOnCustomerNotes = await factory.CallAsync(s => s.UpdateAsync(AsProvider(provider), booking.Id, new BookingPatch("sneaky", null, null, null, booking.Version), default));
        var providerOnOwnNotes = await factory.CallAsync(s => s.UpdateAsync(AsProvider(provider), booking.Id, new BookingPatch(null, "Bring a ladder", null, null, booking.Version), default));

        customerOnProviderNotes.Failed(ErrorKind.Forbidden);
        providerOnCustomerNotes.Failed(ErrorKind.Forbidden);
        Assert.Equal("Bring a ladder", providerOnOwnNotes.Ok().ProviderNotes);
    }

    [Fact]
    public async Task Notes_longer_than_2000_characters_are_rejected_in_a_patch()
    {
        var (_, customer, booking) = await PendingAsync();

        var result = await factory.CallAsync(s => s.UpdateAsync(customer, booking.Id, new BookingPatch(new string('n', 2001), null, null, null, booking.Version), default));

        result.Failed(ErrorKind.Validation).HasField("customer_notes");
    }

    [Fact]
    public async Task Each_status_change_is_stored_as_a_notification_for_the_other_party()
    {
        var (provider, customer, booking) = await PendingAsync();
        (await factory.CallAsync(s => s.ConfirmAsync(AsProvider(provider), booking.Id, default))).Ok();
        (await factory.CallAsync(s => s.CancelAsync(customer, booking.Id, "Changed plans", default))).Ok();

        var notifications = await factory.DbAsync(db => db.Notifications.AsNoTracking().Where(n => n.BookingId == booking.Id).OrderBy(n => n.Id).ToListAsync());

        Assert.Equal(
            [("booking.created", provider.User.Id), ("booking.confirmed", customer.UserId), ("booking.cancelled", provider.User.Id)],
            notifications.Select(n => (n.Kind, n.UserId)).ToArray());
        Assert.Contains("Changed plans", notifications[2].Body);
    }

    [Fact]
    public async Task Status_availability_and_notification_events_are_published_after_commit()
    {
        var (provider, customer, booking) = await PendingAsync();
        (await factory.CallAsync(s => s.CancelAsync(customer, booking.Id, null, default))).Ok();

        var events = factory.Events.ToArray();

        Assert.Contains(events, e => e is BookingStatusChanged { From: null, To: BookingStatus.Pending } c && c.BookingId == booking.Id);
        Assert.Contains(events, e => e is BookingStatusChanged { From: BookingStatus.Pending, To: BookingStatus.Cancelled } c && c.BookingId == booking.Id);
        Assert.Equal(2, events.OfType<AvailabilityChanged>().Count(e => e.ProviderId == provider.Profile.Id && e.Dates.Contains(booking.BookingDate)));
        Assert.Contains(events, e => e is NotificationCreated n && n.UserId == provider.User.Id);
    }

    [Fact]
    public async Task A_refused_move_publishes_nothing()
    {
        var (provider, _, booking) = await PendingAsync();
        var before = factory.Events.Count;

        (await factory.CallAsync(s => s.CompleteAsync(AsProvider(provider), booking.Id, default))).Failed(ErrorKind.NotModifiable);

        Assert.Equal(before, factory.Events.Count);
    }

    [Fact]
    public async Task Lists_show_each_actor_their_own_bookings_newest_first()
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.NewCustomerAsync();
        var early = await factory.BookedAsync(customer, Command(provider, factory.BerlinStart(2, 9)));
        var late = await factory.BookedAsync(customer, Command(provider, factory.BerlinStart(2, 14)));
        var someoneElse = await factory.BookedAsync(await factory.NewCustomerAsync(), Command(provider, factory.BerlinStart(2, 11)));
        (await factory.CallAsync(s => s.CancelAsync(customer, early.Id, null, default))).Ok();

        var mine = (await factory.CallAsync(s => s.ListAsync(customer, new BookingListQuery(null), default))).Value!;
        var cancelled = (await factory.CallAsync(s => s.ListAsync(customer, new BookingListQuery("cancelled"), default))).Value!;
        var providers = (await factory.CallAsync(s => s.ListAsync(AsProvider(provider), new BookingListQuery(null), default))).Value!;
        var bad = await factory.CallAsync(s => s.ListAsync(customer, new BookingListQuery("lost"), default));

        Assert.Equal([late.Id, early.Id], mine.Results.Select(b => b.Id).ToArray());
        Assert.Equal(2, mine.Count);
        Assert.Equal([early.Id], cancelled.Results.Select(b => b.Id).ToArray());
        Assert.Equal([late.Id, someoneElse.Id, early.Id], providers.Results.Select(b => b.Id).ToArray());
        bad.Failed(ErrorKind.Validation).HasField("status");
    }

    [Fact]
    public async Task Pending_bookings_not_confirmed_in_time_expire_with_a_reason()
    {
        var (provider, _, stale) = await PendingAsync(daysAhead: 3);
        var confirmed = await factory.BookedAsync(await factory.NewCustomerAsync(), Command(provider, factory.BerlinStart(3, 14)));
        (await factory.CallAsync(s => s.ConfirmAsync(AsProvider(provider), confirmed.Id, default))).Ok();
        factory.Clock.Advance(TimeSpan.FromHours(25));

        var expired = await factory.CallAsync(s => s.ExpireStalePendingAsync(default));
        var after = await factory.DbAsync(db => db.Bookings.AsNoTracking().Where(b => b.Id == stale.Id || b.Id == confirmed.Id).ToDictionaryAsync(b => b.Id));

        Assert.True(expired >= 1);
        Assert.Equal(BookingStatus.Cancelled, after[stale.Id].Status);
        Assert.Contains("did not confirm within 24 hours", after[stale.Id].CancellationReason);
        Assert.Equal(BookingStatus.Confirmed, after[confirmed.Id].Status);
    }
}
