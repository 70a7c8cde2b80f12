using System.Text.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using static HomeSer.Tests.Bookings.BookingKit;

namespace HomeSer.Tests.Live;

public sealed class LiveHubTests(LiveFactory factory) : IClassFixture<LiveFactory>
{
    private async Task<(TestData.ProviderSetup Provider, AppUser Customer, int BookingId)> PendingBookingAsync()
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.CreateUserAsync(Roles.Customer);
        var booking = await factory.BookedAsync(AsCustomer(customer), Command(provider, factory.BerlinStart(2, 10)));
        return (provider, customer, booking.Id);
    }

    [Fact]
    public async Task Customer_subscribed_to_their_booking_sees_it_confirmed()
    {
        var (provider, customer, bookingId) = await PendingBookingAsync();
        await using var live = await LiveClient.ConnectAsync(factory, customer.Email!);
        await live.SubscribeAsync($"bookings:{bookingId}");

        await factory.CallAsync(s => s.ConfirmAsync(AsProvider(provider), bookingId, default));

        var message = live.Next("booking.status_updated");
        Assert.Equal("booking.status_updated", message.GetProperty("event").GetString());
        Assert.Equal($"bookings:{bookingId}", message.GetProperty("channel").GetString());
        Assert.Equal(bookingId, message.GetProperty("data").GetProperty("id").GetInt32());
        Assert.Equal("confirmed", message.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Object, message.GetProperty("data").GetProperty("payment").ValueKind);
        Assert.EndsWith("Z", message.GetProperty("data").GetProperty("start_time").GetString());
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, message.GetProperty("occurred_at").GetDateTime());
    }

    [Fact]
    public async Task A_websocket_client_with_the_token_in_the_query_is_served_like_a_browser()
    {
        var (provider, _, bookingId) = await PendingBookingAsync();
        await using var live = await LiveClient.ConnectAsync(factory, provider.User.Email!, webSockets: true);
        await live.SubscribeAsync($"bookings:{bookingId}");

        await factory.CallAsync(s => s.CancelAsync(AsProvider(provider), bookingId, "van broke down", default));

        var data = live.Next("booking.status_updated").GetProperty("data");
        Assert.Equal("cancelled", data.GetProperty("status").GetString());
        Assert.Equal("van broke down", data.GetProperty("cancellation_reason").GetString());
    }

    [Fact]
    public async Task The_bookings_provider_may_subscribe_to_it()
    {
        var (provider, _, bookingId) = await PendingBookingAsync();
        await using var live = await LiveClient.ConnectAsync(factory, provider.User.Email!);

        await live.SubscribeAsync($"bookings:{bookingId}");
    }

    [Fact]
    public async Task A_stranger_may_not_subscribe_to_someone_elses_booking()
    {
        var (_, _, bookingId) = await PendingBookingAsync();
        var stranger = await factory.CreateUserAsync(Roles.Customer);
        await using var live = await LiveClient.ConnectAsync(factory, stranger.Email!);

        var refused = await Assert.ThrowsAsync<HubException>(() => live.SubscribeAsync($"bookings:{bookingId}"));
        Assert.Contains("not allowed", refused.Message);
    }

    [Fact]
    public async Task An_admin_may_subscribe_to_any_booking()
    {
        var (_, _, bookingId) = await PendingBookingAsync();
        var admin = await factory.CreateUserAsync(Roles.Admin);
        await using var live = await LiveClient.ConnectAsync(factory, admin.Email!);

        await live.SubscribeAsync($"bookings:{bookingId}");
    }

    [Fact]
    public async Task Another_users_notifications_are_refused_and_ones_own_are_delivered()
    {
        var (provider, customer, bookingId) = await PendingBookingAsync();
        await using var live = await LiveClient.ConnectAsync(factory, customer.Email!);

        await Assert.ThrowsAsync<HubException>(() => live.SubscribeAsync($"notifications:{provider.User.Id}"));
        await live.SubscribeAsync($"notifications:{customer.Id}");
        await factory.CallAsync(s => s.ConfirmAsync(AsProvider(provider), bookingId, default));

        var message = live.Next("notification.created");
        Assert.Equal($"notifications:{customer.Id}", message.GetProperty("channel").GetString());
        var data = message.GetProperty("data");
        Assert.Equal("booking.confirmed", data.GetProperty("kind").GetString());
        Assert.Equal(bookingId, data.GetProperty("booking").GetInt32());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("read_at").ValueKind);
        Assert.True(data.GetProperty("id").GetInt32() > 0);
        Assert.False(string.IsNullOrEmpty(data.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task Provider_channel_receives_the_dates_a_new_booking_takes()
    {
        var provider = await factory.CreateProviderAsync();
        var watcher = await factory.CreateUserAsync(Roles.Customer);
        await using var live = await LiveClient.ConnectAsync(factory, watcher.Email!);
        await live.SubscribeAsync($"providers:{provider.Profile.Id}");
        var start = factory.BerlinStart(3, 9);

        await factory.BookedAsync(await factory.NewCustomerAsync(), Command(provider, start));

        var data = live.Next("availability.updated").GetProperty("data");
        Assert.Equal(provider.Profile.Id, data.GetProperty("provider").GetInt32());
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(start, Berlin)).ToString("yyyy-MM-dd");
        Assert.Equal([day], data.GetProperty("dates").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact]
    public async Task After_unsubscribing_no_more_messages_arrive()
    {
        var (provider, customer, bookingId) = await PendingBookingAsync();
        await using var live = await LiveClient.ConnectAsync(factory, customer.Email!);
        await live.SubscribeAsync($"bookings:{bookingId}");

        await live.Connection.InvokeAsync("Unsubscribe", $"bookings:{bookingId}");
        await factory.CallAsync(s => s.ConfirmAsync(AsProvider(provider), bookingId, default));

        Assert.True(live.Nothing("booking.status_updated"), "a message arrived on a channel the client had left");
    }

    [Theory]
    [InlineData("bookings")]
    [InlineData("bookings:abc")]
    [InlineData("rooms:1")]
    [InlineData("providers:1:2")]
    [InlineData("providers:-1")]
    public async Task Malformed_channels_are_refused(string channel)
    {
        var user = await factory.CreateUserAsync(Roles.Customer);
        await using var live = await LiveClient.ConnectAsync(factory, user.Email!);

        await Assert.ThrowsAsync<HubException>(() => live.SubscribeAsync(channel));
    }

    [Fact]
    public async Task A_provider_channel_of_an_unknown_provider_is_refused()
    {
        var user = await factory.CreateUserAsync(Roles.Customer);
        await using var live = await LiveClient.ConnectAsync(factory, user.Email!);

        await Assert.ThrowsAsync<HubException>(() => live.SubscribeAsync("providers:999999"));
    }

    [Fact]
    public async Task The_hub_refuses_anonymous_connections()
    {
        using var http = factory.CreateClient();

        var response = await http.PostAsync("/hubs/live/negotiate?negotiateVersion=1", null);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
