using HomeSer.Tests.Bookings;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Reviews;
using HomeSer.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static HomeSer.Tests.Bookings.BookingKit;

namespace HomeSer.Tests.Reviews;

public sealed class ReviewTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    private async Task<Result<ReviewView>> ReviewAsync(Actor actor, int bookingId, int? rating, string? comment = null)
    {
        await using var scope = factory.Scope();
        return await scope.ServiceProvider.GetRequiredService<ReviewService>().CreateAsync(actor, bookingId, new ReviewRequest(rating, comment), default);
    }

    private async Task<(TestData.ProviderSetup Provider, Actor Customer, BookingView Booking)> CompletedAsync(int hour = 10)
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.NewCustomerAsync();
        var booking = await factory.BookedAsync(customer, Command(provider, factory.BerlinStart(1, hour)));
        var actor = AsProvider(provider);
        (await factory.CallAsync(s => s.ConfirmAsync(actor, booking.Id, default))).Ok();
        factory.ArriveAt(booking.StartTime);
        (await factory.CallAsync(s => s.StartAsync(actor, booking.Id, default))).Ok();
        (await factory.CallAsync(s => s.CompleteAsync(actor, booking.Id, default))).Ok();
        return (provider, customer, booking);
    }

    [Fact]
    public async Task The_customer_reviews_a_completed_booking_once_and_the_provider_rating_follows()
    {
        var (provider, customer, booking) = await CompletedAsync();
        var second = await factory.BookedAsync(customer, Command(provider, factory.BerlinStart(1, 14)));
        var actor = AsProvider(provider);
        factory.ArriveAt(second.StartTime);
        foreach (var move in new Func<BookingService, Task<Result<BookingView>>>[]
                 { s => s.ConfirmAsync(actor, second.Id, default), s => s.StartAsync(actor, second.Id, default), s => s.CompleteAsync(actor, second.Id, default) })
        {
            (await factory.CallAsync(move)).Ok();
        }

        var first = await ReviewAsync(customer, booking.Id, 5, "Quick and tidy");
        var again = await ReviewAsync(customer, booking.Id, 1, "Changed my mind");
        await ReviewAsync(customer, second.Id, 2);
        var profile = await factory.DbAsync(db => db.Providers.AsNoTracking().SingleAsync(p => p.Id == provider.Profile.Id));

        Assert.True(first.IsSuccess, first.Error?.ToString());
        Assert.Equal((5, "Quick and tidy", "Test Customer"), (first.Value!.Rating, first.Value.Comment, first.Value.CustomerName));
        again.Failed(ErrorKind.NotModifiable);
        Assert.Equal((7, 2, 3.5), (profile.RatingSum, profile.ReviewCount, profile.Rating));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(6)]
    public async Task A_rating_is_required_and_between_1_and_5(int? rating)
    {
        var (_, customer, booking) = await CompletedAsync();

        (await ReviewAsync(customer, booking.Id, rating)).Failed(ErrorKind.Validation).HasField("rating");
    }

    [Fact]
    public async Task A_comment_longer_than_2000_characters_is_rejected()
    {
        var (_, customer, booking) = await CompletedAsync();

        (await ReviewAsync(customer, booking.Id, 4, new string('c', 2001))).Failed(ErrorKind.Validation).HasField("comment");
    }

    [Fact]
    public async Task Only_a_completed_booking_can_be_reviewed()
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.NewCustomerAsync();
        var booking = await factory.BookedAsync(customer, Command(provider, factory.BerlinStart(2, 10)));

        (await ReviewAsync(customer, booking.Id, 4)).Failed(ErrorKind.NotModifiable);
    }

    [Fact]
    public async Task Only_the_customer_may_review_and_strangers_do_not_see_the_booking()
    {
        var (provider, _, booking) = await CompletedAsync();

        (await ReviewAsync(AsProvider(provider), booking.Id, 5)).Failed(ErrorKind.Forbidden);
        (await ReviewAsync(await factory.NewCustomerAsync(), booking.Id, 5)).Failed(ErrorKind.NotFound);
    }
}
