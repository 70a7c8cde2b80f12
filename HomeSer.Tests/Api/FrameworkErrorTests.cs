using System.Net;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;

namespace HomeSer.Tests.Api;

/// <summary>Under /api even the framework's own failures answer problem+json with a code.</summary>
public sealed class FrameworkErrorTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    [Fact]
    public async Task Malformed_json_is_a_validation_error_naming_the_body()
    {
        var client = factory.CreateClient();
        var response = await client.SendRawAsync(HttpMethod.Post, "/api/auth/login/", "{ this is not json");
        await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "body");
    }

    [Fact]
    public async Task Wrong_type_names_the_field()
    {
        var provider = await factory.CreateProviderAsync();
        var client = await factory.ClientForAsync(provider.User.Email!);
        var response = await client.SendRawAsync(HttpMethod.Post, "/api/providers/me/services/", "{\"name\": \"x\", \"price_cents\": \"lots\"}");
        await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "price_cents");
    }

    [Fact]
    public async Task Missing_body_is_a_validation_error()
    {
        var provider = await factory.CreateProviderAsync();
        var client = await factory.ClientForAsync(provider.User.Email!);
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/providers/me/time-off/")
        {
            Content = new StringContent("", System.Text.Encoding.UTF8, "application/json"),
        });
        await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "body");
    }

    [Fact]
    public async Task Null_body_is_a_validation_error()
    {
        var client = factory.CreateClient();
        var response = await client.SendRawAsync(HttpMethod.Post, "/api/auth/login/", "null");
        await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "body");
    }

    [Fact]
    public async Task Form_body_is_an_unsupported_media_type()
    {
        var client = factory.CreateClient();
        var response = await client.SendRawAsync(HttpMethod.Post, "/api/auth/login/", "email=a", "application/x-www-form-urlencoded");
        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Fact]
    public async Task Unknown_route_is_not_found_problem()
    {
        var response = await factory.CreateClient().GetAsync("/api/no-such-thing/");
        await response.ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Wrong_method_is_method_not_allowed_problem()
    {
        var response = await factory.CreateClient().DeleteAsync("/api/services/categories/");
        await response.ProblemAsync(HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED");
    }

    [Fact]
    public async Task Anonymous_call_to_a_protected_route_is_401_not_a_redirect()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync("/api/notifications/");
        await response.ProblemAsync(HttpStatusCode.Unauthorized, "NOT_AUTHENTICATED");
    }

    [Fact]
    public async Task Customer_on_provider_routes_is_permission_denied()
    {
        var customer = await factory.CreateUserAsync(Roles.Customer);
        var client = await factory.ClientForAsync(customer.Email!);
        var response = await client.GetAsync("/api/providers/me/schedule/");
        await response.ProblemAsync(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
    }

    [Theory]
    [InlineData("/api/providers/me/time-off/")]
    [InlineData("/api/providers/me/time-off")]
    public async Task Post_works_with_and_without_trailing_slash_and_never_redirects(string url)
    {
        var provider = await factory.CreateProviderAsync();
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = (await factory.ClientForAsync(provider.User.Email!)).DefaultRequestHeaders.Authorization;
        var response = await client.PostJsonAsync(url, new { start_time = "2030-02-01T08:00:00Z", end_time = "2030-02-02T08:00:00Z", reason = "Holiday" });
        await response.JsonAsync(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("page_size=0", "page_size")]
    [InlineData("page_size=101", "page_size")]
    [InlineData("page=0", "page")]
    [InlineData("page_size=abc", "page_size")]
    [InlineData("page=x", "page")]
    public async Task Bad_paging_values_name_the_field(string query, string field)
    {
        var response = await factory.CreateClient().GetAsync($"/api/services/categories/?{query}");
        await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", field);
    }

    [Fact]
    public async Task A_bad_bearer_token_is_not_authenticated()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-token");
        await (await client.GetAsync("/api/bookings/bookings/")).ProblemAsync(HttpStatusCode.Unauthorized, "NOT_AUTHENTICATED");
    }

    [Fact]
    public async Task Unknown_route_inside_a_feature_group_is_problem_json_too()
    {
        var response = await factory.CreateClient().GetAsync("/api/bookings/nothing-here/");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
