using System.Net;
using System.Text;
using System.Text.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HomeSer.Tests.Security;

/// <summary>Counts password hash checks, so a test can see that an unknown email costs the same work as a known one.</summary>
public sealed class CountingHasher : IPasswordHasher<AppUser>
{
    private readonly PasswordHasher<AppUser> _inner = new();
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public string HashPassword(AppUser user, string password) => _inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifications);
        return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>Lets a test play clients at different addresses: the in-memory test server has no remote address of its own.</summary>
public sealed class ClientAddressStartupFilter : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
    {
        app.Use((HttpContext http, Func<Task> nextMiddleware) =>
        {
            if (http.Request.Headers[Header] is [{ } address])
            {
                http.Connection.RemoteIpAddress = IPAddress.Parse(address);
            }
            return nextMiddleware();
        });
        next(app);
    };
}

/// <summary>Mail to a folder of its own and a password hasher that counts its checks.</summary>
public sealed class AccountSecurityFactory : HomeSerFactory
{
    public CountingHasher Hasher { get; } = new();

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IPasswordHasher<AppUser>>();
            services.AddSingleton<IPasswordHasher<AppUser>>(Hasher);
            services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, ClientAddressStartupFilter>();
        });
    }
}

/// <summary>
/// Wrong passwords slow down one account from one address (back-off), never lock the owner out, and neither the answer
/// nor the work done tells a known email from an unknown or locked one.
/// </summary>
public sealed class LoginThrottleTests(AccountSecurityFactory factory) : IClassFixture<AccountSecurityFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private sealed record Answer(int Status, string Code, string? RetryAfter);

    private async Task<Answer> LoginFromAsync(string address, string email, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login/")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { email, password }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(ClientAddressStartupFilter.Header, address);
        var response = await _client.SendAsync(request);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var code = json.TryGetProperty("code", out var c) ? c.GetString()! : "OK";
        return new Answer((int)response.StatusCode, code, response.Headers.TryGetValues("Retry-After", out var values) ? values.First() : null);
    }

    [Fact]
    public async Task Many_wrong_passwords_from_one_address_do_not_lock_the_owner_out_elsewhere()
    {
        var admin = await factory.CreateUserAsync(Roles.Admin);
        for (var i = 0; i < 12; i++)
        {
            await LoginFromAsync("203.0.113.10", admin.Email!, "Wrong-guess-" + i);
        }

        var owner = await LoginFromAsync("198.51.100.7", admin.Email!, TestData.Password);

        Assert.Equal(new Answer(200, "OK", null), owner);
    }

    [Fact]
    public async Task Guessing_from_one_address_must_wait_longer_after_each_failure()
    {
        var user = await factory.CreateUserAsync(Roles.Customer);
        const string attacker = "203.0.113.20";
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(401, (await LoginFromAsync(attacker, user.Email!, "Wrong-guess")).Status);
        }
        var firstWait = await LoginFromAsync(attacker, user.Email!, "Wrong-guess");
        Assert.Equal(401, firstWait.Status);

        var throttled = await LoginFromAsync(attacker, user.Email!, TestData.Password);

        Assert.Equal((429, "RATE_LIMITED"), (throttled.Status, throttled.Code));
        Assert.Equal("1", throttled.RetryAfter);
        factory.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(401, (await LoginFromAsync(attacker, user.Email!, "Wrong-again")).Status);
        Assert.Equal("2", (await LoginFromAsync(attacker, user.Email!, TestData.Password)).RetryAfter);
        factory.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(200, (await LoginFromAsync(attacker, user.Email!, TestData.Password)).Status);
    }

    [Fact]
    public async Task An_unknown_email_is_answered_exactly_like_a_known_one()
    {
        var user = await factory.CreateUserAsync(Roles.Customer);
        var unknown = TestData.UniqueEmail("nobody");
        var known = new List<Answer>();
        var missing = new List<Answer>();

        for (var i = 0; i < 7; i++)
        {
            known.Add(await LoginFromAsync("203.0.113.30", user.Email!, "Wrong-guess"));
            missing.Add(await LoginFromAsync("203.0.113.30", unknown, "Wrong-guess"));
        }

        Assert.Equal(known, missing);
        Assert.Contains(known, a => a.Status == 429);
    }

    [Fact]
    public async Task A_locked_account_is_answered_like_a_wrong_password()
    {
        var user = await factory.CreateUserAsync(Roles.Customer);
        await using (var scope = factory.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var stored = (await users.FindByIdAsync(user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))!;
            await users.SetLockoutEnabledAsync(stored, true);
            await users.SetLockoutEndDateAsync(stored, DateTimeOffset.MaxValue);
        }

        var locked = await LoginFromAsync("203.0.113.40", user.Email!, TestData.Password);
        var unknown = await LoginFromAsync("203.0.113.40", TestData.UniqueEmail("nobody"), TestData.Password);

        Assert.Equal(new Answer(401, "NOT_AUTHENTICATED", null), locked);
        Assert.Equal(locked, unknown);
    }

    [Fact]
    public async Task An_unknown_email_costs_one_password_hash_check_like_a_known_one()
    {
        var user = await factory.CreateUserAsync(Roles.Customer);
        var before = factory.Hasher.Verifications;
        await LoginFromAsync("203.0.113.50", user.Email!, "Wrong-guess");
        var forKnown = factory.Hasher.Verifications - before;

        before = factory.Hasher.Verifications;
        await LoginFromAsync("203.0.113.50", TestData.UniqueEmail("nobody"), "Wrong-guess");
        var forUnknown = factory.Hasher.Verifications - before;

        Assert.Equal(1, forKnown);
        Assert.Equal(forKnown, forUnknown);
    }
}

/// <summary>Registration does not tell whether an address already has an account.</summary>
public sealed class NeutralRegistrationTests(AccountSecurityFactory factory) : IClassFixture<AccountSecurityFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private Task<HttpResponseMessage> RegisterAsync(string email, string name) =>
        _client.PostAsync("/api/auth/register/", new StringContent(
            JsonSerializer.Serialize(new { email, password = "Passw0rd!", role = "customer", display_name = name }), Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Registering_a_taken_address_answers_as_for_a_free_one()
    {
        var existing = await factory.CreateUserAsync(Roles.Customer);

        var free = await RegisterAsync(TestData.UniqueEmail("new"), "New Person");
        var taken = await RegisterAsync(existing.Email!, "Mallory");

        Assert.Equal(HttpStatusCode.Accepted, free.StatusCode);
        Assert.Equal(free.StatusCode, taken.StatusCode);
        Assert.Equal(await free.Content.ReadAsStringAsync(), await taken.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Registering_a_taken_address_mails_its_owner_and_changes_nothing()
    {
        var existing = await factory.CreateUserAsync(Roles.Customer, displayName: "Olive Owner");

        await RegisterAsync(existing.Email!, "Mallory");

        var mail = Assert.Single(await factory.MailsToAsync(existing.Email!));
        Assert.Contains("Subject: " + IdentityEmailSender.AlreadyRegisteredSubject, mail);
        var names = await factory.WithDbAsync(db => Task.FromResult(db.Users.Where(u => u.Email == existing.Email).Select(u => u.DisplayName).ToList()));
        Assert.Equal(["Olive Owner"], names);
    }
}
