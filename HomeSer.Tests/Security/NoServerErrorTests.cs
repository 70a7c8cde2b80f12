using System.Net;
using System.Text;
using HomeSer.Tests.Api;
using HomeSer.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Tests.Security;

/// <summary>Inputs that used to answer 500 (or store what later answered 500) are 400s naming the field, before any write.</summary>
public sealed class NoServerErrorTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    private static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("page=999999999", "page")]
    [InlineData("date=9999-12-31", "date")]
    [InlineData("date=0001-01-01", "date")]
    public async Task Search_with_an_extreme_value_is_400_naming_it(string query, string field)
    {
        var response = await factory.CreateClient().GetAsync($"/api/services/intelligent-search/?location=Berlin&{query}");

        await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", field);
    }

    [Theory]
    [InlineData("/Search?location=Berlin&date=9999-12-31")]
    [InlineData("/Search?location=Berlin&date=0001-01-01")]
    [InlineData("/Search?location=Berlin&page=999999999")]
    public async Task The_search_page_with_an_extreme_value_answers_a_page(string url)
    {
        var response = await factory.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("0001-01-01")]
    public async Task A_service_page_for_an_extreme_week_shows_this_week(string week)
    {
        var provider = await factory.CreateProviderAsync();

        var response = await factory.CreateClient().GetAsync($"/Services/{provider.Service.Id}?week={week}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("9999-12-31")]
    [InlineData("0001-01-01")]
    public async Task Availability_for_an_extreme_date_is_400_naming_it(string date)
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.ClientForAsync((await factory.CreateUserAsync(HomeSer.Web.Features.Accounts.Roles.Customer)).Email!);

        var response = await customer.GetAsync($"/api/bookings/availabilities/?provider={provider.Profile.Id}&date={date}&days=31");

        await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "date");
    }

    [Theory]
    [InlineData("9999-12-31T10:00:00Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("2030-01-09T10:00:00")]
    public async Task A_booking_with_an_extreme_or_offsetless_start_is_400_and_stores_nothing(string start)
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.ClientForAsync((await factory.CreateUserAsync(HomeSer.Web.Features.Accounts.Roles.Customer)).Email!);

        var response = await customer.PostAsync("/api/bookings/bookings/",
            Json($$"""{"service": {{provider.Service.Id}}, "provider": {{provider.Profile.Id}}, "start_time": "{{start}}"}"""));

        await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "start_time");
        Assert.Equal(0, await factory.WithDbAsync(db => db.Bookings.CountAsync(b => b.ProviderId == provider.Profile.Id)));
    }

    [Theory]
    [InlineData("2030-01-08T10:00:00Z", "9999-12-31T00:00:00Z", "end_time")]
    [InlineData("9999-12-30T00:00:00Z", "9999-12-31T00:00:00Z", "start_time")]
    [InlineData("2030-01-08T10:00:00", "2030-01-08T12:00:00Z", "start_time")]
    public async Task Time_off_at_the_edge_of_time_is_400_and_the_time_off_page_still_opens(string start, string end, string field)
    {
        var provider = await factory.CreateProviderAsync();
        var client = await factory.ClientForAsync(provider.User.Email!);

        var response = await client.PostAsync("/api/providers/me/time-off/", Json($$"""{"start_time": "{{start}}", "end_time": "{{end}}"}"""));

        await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", field);
        Assert.Equal(0, await factory.WithDbAsync(db => db.TimeOff.CountAsync(t => t.ProviderId == provider.Profile.Id)));
        var page = await (await factory.SignedInAsync(provider.User.Email!)).GetAsync("/Provider/TimeOff");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_json_string_is_400_naming_the_field()
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.ClientForAsync((await factory.CreateUserAsync(HomeSer.Web.Features.Accounts.Roles.Customer)).Email!);

        var response = await customer.PostAsync("/api/bookings/bookings/",
            Json($$"""{"service": {{provider.Service.Id}}, "provider": {{provider.Profile.Id}}, "start_time": "2030-01-09T10:00:00Z", "customer_notes": "\ud800"}"""));

        await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "customer_notes");
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_login_is_400_not_500()
    {
        var response = await factory.CreateClient().PostAsync("/api/auth/login/", Json("""{"email": "\udfff@example.test", "password": "x"}"""));

        await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR", "email");
    }

    [Theory]
    [InlineData("/api/services/categories/?q=")]
    [InlineData("/Search?q=")]
    public async Task An_address_over_the_limit_is_414_problem_json(string prefix)
    {
        var response = await factory.CreateClient().GetAsync(prefix + new string('a', 9000));

        var problem = await response.ProblemAsync(HttpStatusCode.RequestUriTooLong, "URI_TOO_LONG");
        Assert.Contains("8192", problem.GetProperty("detail").GetString());
    }
}
