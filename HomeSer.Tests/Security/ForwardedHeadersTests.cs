using System.Net;
using System.Net.Http.Json;
using HomeSer.Tests.Accounts;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace HomeSer.Tests.Security;

/// <summary>The app on a real Kestrel port (127.0.0.1:0), so the peer address is the TCP connection's, as behind nginx.</summary>
public abstract class KestrelProxyFactory : HomeSerFactory
{
    private readonly string _knownProxies;

    protected KestrelProxyFactory(string knownProxies)
    {
        _knownProxies = knownProxies;
        UseKestrel(0);
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("RateLimits:LoginPerMinute", "3"), new("ForwardedHeaders:KnownProxies", _knownProxies)];

    public HttpClient Kestrel()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HttpClient { BaseAddress = new Uri(address) };
    }
}

/// <summary>The configured proxy is another machine: this test client at 127.0.0.1 is not it.</summary>
public sealed class OtherProxyFactory() : KestrelProxyFactory("192.0.2.10");

/// <summary>The configured proxy is this machine (nginx on 127.0.0.1, as in .ci/cluster.sh).</summary>
public sealed class LoopbackProxyFactory() : KestrelProxyFactory("127.0.0.1");

public sealed class SpoofedForwardedForTests(OtherProxyFactory factory) : IClassFixture<OtherProxyFactory>
{
    [Fact]
    public async Task A_spoofed_x_forwarded_for_from_an_address_that_is_not_the_proxy_does_not_escape_the_login_limit()
    {
        var user = await factory.CreateUserAsync(Roles.Customer);
        using var client = factory.Kestrel();

        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 4; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login/")
            {
                Content = JsonContent.Create(new { email = user.Email, password = TestData.Password }),
            };
            // A new "client address" on every attempt, as a guesser would write it.
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i}");
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
            if (i == 4)
            {
                await AuthApiTests.AssertProblemAsync(response, HttpStatusCode.TooManyRequests, "RATE_LIMITED");
            }
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }
}

public sealed class ForwardedForFromTheProxyTests(LoopbackProxyFactory factory) : IClassFixture<LoopbackProxyFactory>
{
    [Fact]
    public async Task Behind_the_configured_proxy_the_login_limit_counts_each_client_address_apart()
    {
        var user = await factory.CreateUserAsync(Roles.Customer);
        using var client = factory.Kestrel();

        async Task<HttpStatusCode> LoginFromAsync(string clientAddress)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login/")
            {
                Content = JsonContent.Create(new { email = user.Email, password = TestData.Password }),
            };
            request.Headers.Add("X-Forwarded-For", clientAddress);
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        // Three clients behind one proxy, three attempts each: nobody is limited by the others' attempts.
        foreach (var address in new[] { "198.51.100.1", "198.51.100.2", "198.51.100.3" })
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.OK, await LoginFromAsync(address));
            }
        }
        // The limit still holds per client.
        Assert.Equal(HttpStatusCode.TooManyRequests, await LoginFromAsync("198.51.100.2"));
    }
}
