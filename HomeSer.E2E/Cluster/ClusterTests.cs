using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using HomeSer.Web.Features.Notifications;
using Microsoft.AspNetCore.SignalR.Client;

namespace HomeSer.E2E.Cluster;

/// <summary>Three nodes behind nginx keep the guarantees of one node (CONTRACT "Running on several nodes").</summary>
[Collection(ClusterCollection.Name)]
public sealed partial class ClusterTests(ClusterFixture cluster, Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Hundred_customers_racing_through_nginx_for_overlapping_starts_make_exactly_one_booking()
    {
        var start = cluster.TakeSlot();
        // A second start inside the first one's time: the two overlap, so only one of all the requests may win.
        var overlapping = cluster.Slots.FirstOrDefault(s => s > start && s < start.AddMinutes(cluster.ServiceMinutes));
        var clock = Stopwatch.StartNew();
        var customers = await cluster.NewCustomersAsync(100);
        output.WriteLine($"100 customers signed up and in: {clock.Elapsed.TotalSeconds:0.0} s");
        var logBefore = cluster.AccessLines().Count;
        clock.Restart();

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racing = customers.Select(async (token, i) =>
        {
            await go.Task;
            using var response = await cluster.BookAsync(cluster.Proxy, token, i % 2 == 1 && overlapping != default ? overlapping : start);
            return response.StatusCode;
        }).ToList();
        go.SetResult();
        var statuses = await Task.WhenAll(racing);
        output.WriteLine($"100 racing creates answered: {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.All(statuses.Where(s => s != HttpStatusCode.Created), s => Assert.Equal(HttpStatusCode.Conflict, s));
        var provider = await cluster.LoginAsync(cluster.Proxy, "provider@homeser.test");
        var held = (await cluster.GetJsonAsync(cluster.Proxy, "api/bookings/bookings/?status=pending&page_size=100", provider))
            .GetProperty("results").EnumerateArray()
            .Count(b => b.GetProperty("start_time").GetDateTime().ToUniversalTime() is var s && (s == start || s == overlapping));
        Assert.Equal(1, held);
        // The race really ran on every node.
        var served = cluster.AccessLines().Skip(logBefore).Where(l => l.StartsWith("POST /api/bookings/bookings/ ", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[^1]).Distinct().Count();
        Assert.Equal(ClusterFixture.NodeCount, served);
    }

    [Fact]
    public async Task A_status_change_through_node_a_reaches_a_signalr_client_on_node_b_within_a_second()
    {
        var (_, customer) = await cluster.NewCustomerAsync(cluster.Node(0));
        using var created = await cluster.BookAsync(cluster.Node(0), customer, cluster.TakeSlot());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var confirmed = new TaskCompletionSource<Stopwatch>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = new Stopwatch();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(cluster.Node(1), "hubs/live"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(customer))
            .Build();
        hub.On<JsonElement>(LiveEventNames.BookingStatusUpdated, message =>
        {
            if (message.GetProperty("data").GetProperty("status").GetString() == "confirmed")
            {
                confirmed.TrySetResult(sent);
            }
        });
        await hub.StartAsync();
        await hub.InvokeAsync("Subscribe", $"bookings:{id}");

        var provider = await cluster.LoginAsync(cluster.Node(0), "provider@homeser.test");
        sent.Start();
        using var confirm = await cluster.Http.SendAsync(ClusterFixture.Request(HttpMethod.Post, cluster.Node(0), $"api/bookings/bookings/{id}/confirm/", provider, new { }));
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        var answeredAt = sent.Elapsed;

        var arrived = await confirmed.Task.WaitAsync(Second);
        Assert.True(arrived.Elapsed - answeredAt < Second, $"pushed on node B {arrived.Elapsed - answeredAt} after node A answered");
    }

    [Fact]
    public async Task A_bearer_token_issued_by_node_a_is_valid_on_every_node()
    {
        var (email, token) = await cluster.NewCustomerAsync(cluster.Node(0));

        for (var i = 0; i < ClusterFixture.NodeCount; i++)
        {
            var me = await cluster.GetJsonAsync(cluster.Node(i), "api/auth/me/", token);
            Assert.Equal(email, me.GetProperty("email").GetString());
        }
    }

    [Fact]
    public async Task A_cookie_sign_in_with_node_a_s_form_posted_to_node_b_is_valid_on_node_c()
    {
        var (email, _) = await cluster.NewCustomerAsync(cluster.Node(0));
        // Cookies ignore ports: one jar serves the three nodes, as one host name would behind nginx.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() });

        var form = await browser.GetStringAsync(new Uri(cluster.Node(0), "Account/Login"));
        var antiforgery = AntiforgeryField().Match(form);
        Assert.True(antiforgery.Success, "the sign-in form carries an antiforgery token");
        using var signIn = await browser.PostAsync(new Uri(cluster.Node(1), "Account/Login"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(antiforgery.Groups[1].Value),
            ["Input.Email"] = email,
            ["Input.Password"] = ClusterFixture.Password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        using var account = await browser.GetAsync(new Uri(cluster.Node(2), "Account"));
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        Assert.Contains(email, await account.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_booking_through_node_a_removes_the_slot_from_node_b_s_warm_availability_at_once()
    {
        var (_, customer) = await cluster.NewCustomerAsync(cluster.Node(1));
        var start = cluster.TakeSlot();
        // Twice: the second answer comes from node B's cache.
        Assert.Contains(start, await cluster.SlotsAsync(cluster.Node(1), customer));
        Assert.Contains(start, await cluster.SlotsAsync(cluster.Node(1), customer));

        using var created = await cluster.BookAsync(cluster.Node(0), customer, start);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        Assert.DoesNotContain(start, await cluster.SlotsAsync(cluster.Node(1), customer));
    }

    [Fact]
    public async Task A_price_change_through_node_a_shows_in_node_b_s_search_within_a_second()
    {
        var provider = await cluster.LoginAsync(cluster.Node(0), "provider@homeser.test");
        var service = await cluster.GetJsonAsync(cluster.Node(0), $"api/services/services/{cluster.ServiceId}/", null);
        var search = $"api/services/intelligent-search/?location={Uri.EscapeDataString(service.GetProperty("provider").GetProperty("city").GetString()!)}"
            + $"&category={service.GetProperty("category").GetProperty("slug").GetString()}&page_size=100";
        async Task<long?> PriceOnNodeBAsync() =>
            (await cluster.GetJsonAsync(cluster.Node(1), search, null)).GetProperty("results").EnumerateArray()
                .Where(r => r.GetProperty("service").GetProperty("id").GetInt32() == cluster.ServiceId)
                .Select(r => (long?)r.GetProperty("service").GetProperty("price_cents").GetInt64()).FirstOrDefault();
        var before = await PriceOnNodeBAsync();
        Assert.NotNull(before);
        Assert.Equal(before, await PriceOnNodeBAsync());

        var changed = before.Value + 100;
        using var patch = await cluster.Http.SendAsync(ClusterFixture.Request(HttpMethod.Patch, cluster.Node(0),
            $"api/providers/me/services/{cluster.ServiceId}/", provider, new { price_cents = changed }));
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var answered = Stopwatch.StartNew();

        long? seen;
        do
        {
            seen = await PriceOnNodeBAsync();
        }
        while (seen != changed && answered.Elapsed < Second);
        Assert.True(seen == changed, $"node B's search still showed {seen} a second after node A changed the price to {changed}");
    }

    [Fact]
    public async Task The_per_user_booking_limit_counts_across_nodes()
    {
        var (_, customer) = await cluster.NewCustomerAsync(cluster.Proxy);
        var start = cluster.TakeSlot();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= ClusterFixture.BookingsPerMinute; i++)
        {
            // Round the nodes: no single node sees more than a third of them.
            using var response = await cluster.BookAsync(cluster.Node(i % ClusterFixture.NodeCount), customer, start);
            statuses.Add(response.StatusCode);
            if (i == ClusterFixture.BookingsPerMinute)
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal("RATE_LIMITED", problem.GetProperty("code").GetString());
            }
        }
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(ClusterFixture.BookingsPerMinute));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
