using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HomeSer.Tests.Backoffice;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Accounts;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Features.Privacy;
using Microsoft.EntityFrameworkCore;
using static HomeSer.Tests.Bookings.BookingKit;

namespace HomeSer.Tests.Privacy;

/// <summary>
/// Data export and account closing from the account page and the API (what an EU marketplace owes its users). Each test
/// has an app of its own: running a job moves the clock to the job's day (a job starts on its day), and a shared clock
/// would leave the next test's bookings in the past.
/// </summary>
public sealed class AccountPrivacyTests : IDisposable
{
    private readonly BackofficeFactory factory = new();

    public void Dispose() => factory.Dispose();

    private const string Bookings = "/api/bookings/bookings/";

    private sealed record Cast(TestData.ProviderSetup Provider, AppUser Customer, HttpClient CustomerApi, HttpClient ProviderApi);

    private async Task<Cast> CastAsync()
    {
        var provider = await factory.CreateProviderAsync();
        var customer = await factory.CreateUserAsync(Roles.Customer, displayName: $"Anna {Guid.NewGuid():N}"[..13]);
        var customerApi = await factory.ClientForAsync(customer.Email!);
        var home = await customerApi.PutAsJsonAsync("/api/auth/me/address/", new
        {
            street = "Oranienstraße 12",
            postal_code = "10999",
            city = "Berlin",
            lat = 52.501,
            lng = 13.42,
            access_notes = "Back door, 2nd floor",
        });
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        return new Cast(provider, customer, customerApi, await factory.ClientForAsync(provider.User.Email!));
    }

    /// <summary>Moves the clock to a job's start; the bearer tokens issued before the jump have expired, so both sign in again.</summary>
    private async Task ArriveAsync(Cast cast, DateTime startUtc)
    {
        factory.ArriveAt(startUtc);
        cast.CustomerApi.DefaultRequestHeaders.Authorization = (await factory.ClientForAsync(cast.Customer.Email!)).DefaultRequestHeaders.Authorization;
        cast.ProviderApi.DefaultRequestHeaders.Authorization = (await factory.ClientForAsync(cast.Provider.User.Email!)).DefaultRequestHeaders.Authorization;
    }

    private static DateTime StartOf(int utcHour) => new(2030, 1, 8, utcHour, 0, 0, DateTimeKind.Utc);

    private static async Task<int> BookAsync(Cast cast, int utcHour, string notes = "Ring twice")
    {
        var response = await cast.CustomerApi.PostAsJsonAsync(Bookings, new
        {
            service = cast.Provider.Service.Id,
            provider = cast.Provider.Profile.Id,
            start_time = $"2030-01-08T{utcHour:00}:00:00Z",
            customer_notes = notes,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    /// <summary>A booking taken through to completion and reviewed, so it is history rather than upcoming.</summary>
    private async Task<int> CompletedAndReviewedAsync(Cast cast, int utcHour)
    {
        var id = await BookAsync(cast, utcHour);
        foreach (var step in new[] { "confirm", "start", "complete" })
        {
            if (step == "start")
            {
                await ArriveAsync(cast, StartOf(utcHour));
            }
            Assert.Equal(HttpStatusCode.OK, (await cast.ProviderApi.PostAsync($"{Bookings}{id}/{step}/", null)).StatusCode);
        }
        var review = await cast.CustomerApi.PostAsJsonAsync($"{Bookings}{id}/review/", new { rating = 5, comment = "Quick and tidy." });
        Assert.Equal(HttpStatusCode.Created, review.StatusCode);
        return id;
    }

    private Task<Booking> BookingAsync(int id) => factory.WithDbAsync(db => db.Bookings.AsNoTracking().SingleAsync(b => b.Id == id));

    private static Task<HttpResponseMessage> CloseAsync(HttpClient pageClient, string password) =>
        FormPost.SubmitAsync(pageClient, "/Account/Delete", new Dictionary<string, string> { ["Password"] = password });

    [Fact]
    public async Task The_account_page_downloads_the_customers_data_as_a_json_file()
    {
        var cast = await CastAsync();
        var completed = await CompletedAndReviewedAsync(cast, 9);
        var upcoming = await BookAsync(cast, 12);
        var client = await factory.SignedInAsync(cast.Customer.Email!);

        var page = await client.GetStringAsync("/Account");
        var response = await client.GetAsync("/Account?handler=Export");

        Assert.Contains("Download your data (JSON)", page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("homeser-data-2030-01-08.json", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var data = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(cast.Customer.Email, data.GetProperty("account").GetProperty("email").GetString());
        Assert.Equal("Oranienstraße 12", data.GetProperty("home_address").GetProperty("street").GetString());
        Assert.Equal([completed, upcoming], data.GetProperty("bookings").EnumerateArray().Select(b => b.GetProperty("id").GetInt32()));
        Assert.Equal("Back door, 2nd floor", data.GetProperty("bookings")[0].GetProperty("address").GetProperty("access_notes").GetString());
        var review = Assert.Single(data.GetProperty("reviews").EnumerateArray());
        Assert.Equal(("Quick and tidy.", "written"), (review.GetProperty("comment").GetString(), review.GetProperty("role").GetString()));
        Assert.Contains(data.GetProperty("notifications").EnumerateArray(), n => n.GetProperty("kind").GetString() == "booking.confirmed" || n.GetProperty("booking").GetInt32() == completed);
        Assert.Equal(JsonValueKind.Null, data.GetProperty("provider_profile").ValueKind);
    }

    [Fact]
    public async Task The_api_exports_a_providers_profile_services_and_received_reviews()
    {
        var cast = await CastAsync();
        await CompletedAndReviewedAsync(cast, 9);

        var data = await (await cast.ProviderApi.GetAsync("/api/auth/me/data/")).Content.ReadFromJsonAsync<JsonElement>();

        var profile = data.GetProperty("provider_profile");
        Assert.Equal(cast.Provider.Profile.Id, profile.GetProperty("id").GetInt32());
        Assert.Equal("Leak repair", profile.GetProperty("services")[0].GetProperty("name").GetString());
        Assert.Equal("received", Assert.Single(data.GetProperty("reviews").EnumerateArray()).GetProperty("role").GetString());
        Assert.Single(data.GetProperty("bookings").EnumerateArray());
    }

    [Fact]
    public async Task The_export_needs_a_signed_in_user()
    {
        var api = await factory.CreateClient().GetAsync("/api/auth/me/data/");
        var page = await factory.Anonymous().GetAsync("/Account?handler=Export");

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/Account/Login", page.Headers.Location?.ToString());
    }

    [Fact]
    public async Task A_wrong_password_closes_nothing_and_says_so_next_to_the_field()
    {
        var cast = await CastAsync();
        var upcoming = await BookAsync(cast, 12);
        var client = await factory.SignedInAsync(cast.Customer.Email!);

        var response = await CloseAsync(client, "not-my-password");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"Password-error\" class=\"field-error\">That is not your password.", html);
        Assert.Equal(BookingStatus.Pending, (await BookingAsync(upcoming)).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account")).StatusCode);
    }

    [Fact]
    public async Task The_confirmation_step_says_how_many_upcoming_bookings_are_cancelled()
    {
        var cast = await CastAsync();
        await BookAsync(cast, 12);
        await BookAsync(cast, 14);
        var client = await factory.SignedInAsync(cast.Customer.Email!);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/Account/Delete"));

        Assert.Contains("2 upcoming bookings are cancelled", html);
        Assert.Contains("<label for=\"Password\">Your password, to confirm</label>", html);
    }

    [Fact]
    public async Task Closing_a_customer_account_cancels_upcoming_bookings_through_the_booking_and_tells_the_provider()
    {
        var cast = await CastAsync();
        var upcoming = await BookAsync(cast, 12);
        var client = await factory.SignedInAsync(cast.Customer.Email!);

        var response = await CloseAsync(client, TestData.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var booking = await BookingAsync(upcoming);
        Assert.Equal(BookingStatus.Cancelled, booking.Status);
        Assert.Equal(AccountDeletion.CustomerLeftReason, booking.CancellationReason);
        var told = await factory.WithDbAsync(db => db.Notifications.AsNoTracking()
            .Where(n => n.UserId == cast.Provider.User.Id && n.BookingId == upcoming).Select(n => n.Title).ToListAsync());
        Assert.Contains("Booking cancelled", told);
    }

    [Fact]
    public async Task A_closed_customers_bookings_stay_for_the_provider_without_name_address_or_notes()
    {
        var cast = await CastAsync();
        var completed = await CompletedAndReviewedAsync(cast, 9);
        var client = await factory.SignedInAsync(cast.Customer.Email!);

        await CloseAsync(client, TestData.Password);

        var booking = await BookingAsync(completed);
        Assert.Equal(BookingStatus.Completed, booking.Status);
        Assert.Null(booking.Address);
        Assert.Equal("", booking.CustomerNotes);
        var forProvider = await (await cast.ProviderApi.GetAsync($"{Bookings}{completed}/")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, forProvider.GetProperty("address").ValueKind);
        var user = await factory.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == cast.Customer.Id));
        Assert.Equal((AccountDeletion.DeletedName, (ServiceAddress?)null), (user.DisplayName, user.HomeAddress));
        Assert.DoesNotContain(cast.Customer.Email!, user.Email);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Notifications.CountAsync(n => n.UserId == cast.Customer.Id)));
        var jobs = WebUtility.HtmlDecode(await (await factory.SignedInAsync(cast.Provider.User.Email!)).GetStringAsync($"/Bookings/{completed}"));
        Assert.DoesNotContain(cast.Customer.DisplayName, jobs);
        Assert.Contains(AccountDeletion.DeletedName, jobs);
    }

    [Fact]
    public async Task A_closed_customers_review_keeps_its_stars_on_the_providers_page_but_not_their_words_or_name()
    {
        var cast = await CastAsync();
        await CompletedAndReviewedAsync(cast, 9);
        var client = await factory.SignedInAsync(cast.Customer.Email!);

        await CloseAsync(client, TestData.Password);

        var html = WebUtility.HtmlDecode(await factory.CreateClient().GetStringAsync($"/Providers/{cast.Provider.Profile.Id}"));
        Assert.Contains("aria-label=\"5 stars: 1 of 1 reviews\"", html);
        Assert.Contains($" · {ClosedAccounts.FormerCustomerName} · ", html);
        Assert.DoesNotContain("Quick and tidy.", html);
        Assert.DoesNotContain(cast.Customer.DisplayName, html);
        var api = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/providers/{cast.Provider.Profile.Id}/reviews/");
        var review = Assert.Single(api.GetProperty("results").EnumerateArray());
        Assert.Equal((5, "", ClosedAccounts.FormerCustomerName),
            (review.GetProperty("rating").GetInt32(), review.GetProperty("comment").GetString(), review.GetProperty("customer_name").GetString()));
    }

    [Fact]
    public async Task A_booking_made_after_the_confirmation_page_is_cancelled_and_forgotten_with_the_account()
    {
        var cast = await CastAsync();
        var client = await factory.SignedInAsync(cast.Customer.Email!);
        var confirmation = WebUtility.HtmlDecode(await client.GetStringAsync("/Account/Delete"));
        Assert.DoesNotContain("upcoming bookings are cancelled", confirmation);

        // Another tab (here the API) books while the confirmation page is open.
        var lateBooking = await BookAsync(cast, 12);
        var response = await CloseAsync(client, TestData.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var booking = await BookingAsync(lateBooking);
        Assert.Equal((BookingStatus.Cancelled, AccountDeletion.CustomerLeftReason), (booking.Status, booking.CancellationReason));
        Assert.Null(booking.Address);
    }

    [Fact]
    public async Task No_booking_racing_the_closing_of_the_account_survives_it_active()
    {
        var cast = await CastAsync();
        var client = await factory.SignedInAsync(cast.Customer.Email!);
        await client.GetStringAsync("/Account/Delete");

        // Eight bookings race the closing: each either commits before it (and is cancelled with the account) or after
        // (and is refused); none may stay pending for a customer who no longer exists.
        var creates = Enumerable.Range(8, 8).Select(hour => cast.CustomerApi.PostAsJsonAsync(Bookings, new
        {
            service = cast.Provider.Service.Id,
            provider = cast.Provider.Profile.Id,
            start_time = $"2030-01-08T{hour:00}:00:00Z",
        })).ToList();
        var close = CloseAsync(client, TestData.Password);
        var answers = await Task.WhenAll(creates);

        Assert.Equal(HttpStatusCode.Redirect, (await close).StatusCode);
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized }));
        var left = await factory.WithDbAsync(db => db.Bookings.AsNoTracking().Where(b => b.CustomerId == cast.Customer.Id)
            .Select(b => new { b.Id, b.Status, HasAddress = b.Address != null }).ToListAsync());
        Assert.Equal(answers.Count(a => a.StatusCode == HttpStatusCode.Created), left.Count);
        Assert.All(left, b => Assert.Equal((BookingStatus.Cancelled, false), (b.Status, b.HasAddress)));
    }

    [Fact]
    public async Task A_closed_account_is_signed_out_everywhere_and_cannot_sign_in_again()
    {
        var cast = await CastAsync();
        var client = await factory.SignedInAsync(cast.Customer.Email!);
        var otherBrowser = await factory.SignedInAsync(cast.Customer.Email!);

        var closed = await CloseAsync(client, TestData.Password);

        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        // The stamp is checked on any request after the cookie was issued; the test clock stands still unless moved.
        factory.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Account")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await otherBrowser.GetAsync("/Account")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cast.CustomerApi.GetAsync("/api/auth/me/")).StatusCode);
        var login = await factory.CreateClient().PostAsJsonAsync("/api/auth/login/", new { email = cast.Customer.Email, password = TestData.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task Closing_a_provider_account_cancels_their_upcoming_jobs_tells_the_customer_and_leaves_search()
    {
        var cast = await CastAsync();
        var upcoming = await BookAsync(cast, 12);
        var client = await factory.SignedInAsync(cast.Provider.User.Email!);

        var response = await CloseAsync(client, TestData.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(BookingStatus.Cancelled, (await BookingAsync(upcoming)).Status);
        var told = await factory.WithDbAsync(db => db.Notifications.AsNoTracking()
            .Where(n => n.UserId == cast.Customer.Id && n.BookingId == upcoming).Select(n => n.Title).ToListAsync());
        Assert.Contains("Booking cancelled", told);
        var profile = await factory.WithDbAsync(db => db.Providers.AsNoTracking().SingleAsync(p => p.Id == cast.Provider.Profile.Id));
        Assert.Equal((AccountDeletion.FormerProviderName, false), (profile.DisplayName, profile.IsActive));
        var service = await factory.CreateClient().GetAsync($"/api/services/services/{cast.Provider.Service.Id}/");
        var search = await factory.CreateClient().GetStringAsync("/api/services/intelligent-search/?location=Berlin&date=2030-01-08&page_size=100");
        Assert.DoesNotContain($"\"id\":{cast.Provider.Profile.Id},\"display_name\"", search);
        Assert.NotEqual(HttpStatusCode.InternalServerError, service.StatusCode);
        var customersView = await (await cast.CustomerApi.GetAsync($"{Bookings}{upcoming}/")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("cancelled", customersView.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_job_in_progress_keeps_the_account_open()
    {
        var cast = await CastAsync();
        var id = await BookAsync(cast, 9);
        await cast.ProviderApi.PostAsync($"{Bookings}{id}/confirm/", null);
        await ArriveAsync(cast, StartOf(9));
        Assert.Equal(HttpStatusCode.OK, (await cast.ProviderApi.PostAsync($"{Bookings}{id}/start/", null)).StatusCode);

        var response = await cast.CustomerApi.PostAsJsonAsync("/api/auth/me/delete/", new { password = TestData.Password });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("BOOKING_NOT_MODIFIABLE", problem.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await cast.CustomerApi.GetAsync("/api/auth/me/")).StatusCode);
    }

    [Fact]
    public async Task The_api_closes_the_account_with_the_password_and_revokes_the_token()
    {
        var cast = await CastAsync();

        var wrong = await cast.CustomerApi.PostAsJsonAsync("/api/auth/me/delete/", new { password = "nope" });
        var missing = await cast.CustomerApi.PostAsync("/api/auth/me/delete/", new StringContent("{}", new MediaTypeHeaderValue("application/json")));
        var closed = await cast.CustomerApi.PostAsJsonAsync("/api/auth/me/delete/", new { password = TestData.Password });

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("password", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, closed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cast.CustomerApi.GetAsync("/api/auth/me/")).StatusCode);
    }

    [Fact]
    public async Task An_admin_account_is_not_closed_from_its_own_page()
    {
        var admin = await factory.CreateUserAsync(Roles.Admin);
        var api = await factory.ClientForAsync(admin.Email!);

        var response = await api.PostAsJsonAsync("/api/auth/me/delete/", new { password = TestData.Password });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
