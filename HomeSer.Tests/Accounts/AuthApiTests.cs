using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Tests.Accounts;

public sealed class AuthApiTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<JsonElement> LoginAsync(string email, string password = TestData.Password)
    {
        var response = await _client.PostAsJsonAsync("/api/auth/login/", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> MeAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me/");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Register_then_login_then_me_describes_the_provider_with_its_profile()
    {
        var email = TestData.UniqueEmail("api-pro");

        var registered = await _client.PostAsJsonAsync("/api/auth/register", new { email, password = "Passw0rd!", role = "provider", display_name = "API Pro", timezone = "Europe/Vienna" });
        var tokens = await LoginAsync(email);
        var me = await MeAsync(tokens.GetProperty("access_token").GetString()!);

        Assert.Equal(HttpStatusCode.Accepted, registered.StatusCode);
        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());
        Assert.Equal(3600, tokens.GetProperty("expires_in").GetInt64());
        Assert.False(string.IsNullOrEmpty(tokens.GetProperty("refresh_token").GetString()));
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.Equal("API Pro", me.GetProperty("display_name").GetString());
        Assert.Equal([Roles.Provider], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());
        var providerId = me.GetProperty("provider_id").GetInt32();
        var zone = await factory.WithDbAsync(db => db.Providers.Where(p => p.Id == providerId).Select(p => p.TimeZoneId).SingleAsync());
        Assert.Equal("Europe/Vienna", zone);
    }

    [Fact]
    public async Task A_customer_has_no_provider_id()
    {
        var user = await factory.CreateUserAsync(Roles.Customer);

        var me = await MeAsync((await LoginAsync(user.Email!)).GetProperty("access_token").GetString()!);

        Assert.Equal(JsonValueKind.Null, me.GetProperty("provider_id").ValueKind);
        Assert.Equal([Roles.Customer], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray());
    }

    [Fact]
    public async Task Refresh_issues_a_new_working_access_token()
    {
        var user = await factory.CreateUserAsync(Roles.Customer);
        var tokens = await LoginAsync(user.Email!);

        var refreshed = await _client.PostAsJsonAsync("/api/auth/refresh/", new { refresh_token = tokens.GetProperty("refresh_token").GetString() });
        var body = await refreshed.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(user.Id, (await MeAsync(body.GetProperty("access_token").GetString()!)).GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task A_forged_refresh_token_is_401_in_the_contract_shape()
    {
        var response = await _client.PostAsJsonAsync("/api/auth/refresh/", new { refresh_token = "not-a-token" });

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "NOT_AUTHENTICATED");
    }

    [Fact]
    public async Task Wrong_password_is_401_and_does_not_say_which_part_was_wrong()
    {
        var user = await factory.CreateUserAsync(Roles.Customer);

        var wrongPassword = await _client.PostAsJsonAsync("/api/auth/login/", new { email = user.Email, password = "Wrong0ne!" });
        var unknownEmail = await _client.PostAsJsonAsync("/api/auth/login/", new { email = "nobody@example.test", password = "Wrong0ne!" });

        var a = await AssertProblemAsync(wrongPassword, HttpStatusCode.Unauthorized, "NOT_AUTHENTICATED");
        var b = await AssertProblemAsync(unknownEmail, HttpStatusCode.Unauthorized, "NOT_AUTHENTICATED");
        Assert.Equal(a.GetProperty("detail").GetString(), b.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Me_without_a_token_is_401_problem_json_not_a_redirect()
    {
        var response = await _client.GetAsync("/api/auth/me/");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "NOT_AUTHENTICATED");
    }

    [Fact]
    public async Task Register_reports_every_bad_field_and_creates_nothing()
    {
        var before = await factory.WithDbAsync(db => db.Users.CountAsync());

        var response = await _client.PostAsJsonAsync("/api/auth/register/", new { email = "not-an-email", password = "x", role = "admin", display_name = "" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "email", "role", "display_name" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"errors should name '{field}': {errors}");
        }
        Assert.Equal(before, await factory.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Register_cannot_make_an_admin()
    {
        var response = await _client.PostAsJsonAsync("/api/auth/register/", new { email = TestData.UniqueEmail(), password = "Passw0rd!", role = "Admin", display_name = "Mallory" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        Assert.True(problem.GetProperty("errors").TryGetProperty("role", out _));
    }

    [Fact]
    public async Task Malformed_json_is_a_400_naming_the_body_not_a_500()
    {
        using var content = new StringContent("{\"email\": ", System.Text.Encoding.UTF8, "application/json");

        var response = await _client.PostAsync("/api/auth/login/", content);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "VALIDATION_ERROR");
    }

    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("trace_id").GetString()));
        return problem;
    }
}
