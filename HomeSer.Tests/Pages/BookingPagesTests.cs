using System.Net;
using HomeSer.Tests.Bookings;
using HomeSer.Tests.Support;
using HomeSer.Web.Features.Bookings;
using HomeSer.Web.Pages.Bookings;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Tests.Pages;

/// <summary>Booking form, booking page and its actions. The factory's clock is Monday 7 Jan 2030, 09:00 in Berlin.</summary>
public sealed class BookingPagesTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    // Tuesday 8 Jan 2030, 10:00 in Berlin.
    private const string TuesdayTen = "2030-01-08T09:00:00Z";

    private static string FormUrl(TestData.ProviderSetup provider, string startUtc) =>
        $"/Bookings/New?service={provider.Service.Id}&start={Uri.EscapeDataString(startUtc)}";

    private static Dictionary<string, string> Fields(TestData.ProviderSetup provider, string startUtc, string? key = null, string notes = "Gate code 1234") => new()
    {
        ["Input.Service"] = provider.Service.Id.ToString(),
        ["Input.StartTime"] = startUtc,
        ["Input.Duration"] = "60",
        ["Input.CustomerNotes"] = notes,
        ["Input.PaymentMethod"] = "on_completion",
        ["Input.IdempotencyKey"] = key ?? Guid.NewGuid().ToString("N"),
    };

    private static async Task<string> BookAsync(HttpClient client, TestData.ProviderSetup provider, string startUtc, string? key = null)
    {
        var response = await FormPost.SubmitAsync(client, FormUrl(provider, startUtc), Fields(provider, startUtc, key));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    [Fact]
    public async Task Booking_form_shows_the_start_in_provider_local_time()
    {
        var provider = await factory.CreateProviderAsync();
        var (client, _) = await factory.NewCustomerClientAsync();

        var html = WebUtility.HtmlDecode(await client.GetStringAsync(FormUrl(provider, TuesdayTen)));

        Assert.Contains("Tue 8 Jan 2030, 10:00 (Europe/Berlin)", html);
        Assert.Contains("<label for=\"Input_Duration\">Duration</label>", html);
        Assert.Matches("name=\"Input.IdempotencyKey\" value=\"[0-9a-f]{32}\"", html);
    }

    [Fact]
    public async Task Booking_form_creates_a_booking_and_redirects_to_its_page()
    {
        var provider = await factory.CreateProviderAsync();
        var (client, _) = await factory.NewCustomerClientAsync();

        var location = await BookAsync(client, provider, TuesdayTen);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(location));

        Assert.Matches("^/Bookings/[0-9]+$", location);
        Assert.Contains("Booking requested.", html);
        Assert.Contains("id=\"booking-status\"", html);
        Assert.Contains("Pending", html);
        Assert.Contains("Tue 8 Jan 2030, 10:00 (Europe/Berlin)", html);
        Assert.Contains("Gate code 1234", html);
    }

    [Fact]
    public async Task A_conflict_says_just_taken_and_offers_the_nearest_free_slots()
    {
        var provider = await factory.CreateProviderAsync();
        var (first, _) = await factory.NewCustomerClientAsync();
        var (second, _) = await factory.NewCustomerClientAsync();
        await BookAsync(first, provider, TuesdayTen);

        var response = await FormPost.SubmitAsync(second, FormUrl(provider, TuesdayTen), Fields(provider, TuesdayTen));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("That time was just taken", html);
        Assert.Contains($"href=\"/Bookings/New?service={provider.Service.Id}&start=2030-01-08T08%3A00%3A00Z\"", html);
        Assert.Equal(6, html.Split("<li><a href=\"/Bookings/New?").Length - 1);
        Assert.DoesNotContain($"start={Uri.EscapeDataString(TuesdayTen)}\"", html);
    }

    [Fact]
    public async Task A_conflict_names_the_time_zone_once_above_the_alternatives()
    {
        var provider = await factory.CreateProviderAsync();
        var (first, _) = await factory.NewCustomerClientAsync();
        var (second, _) = await factory.NewCustomerClientAsync();
        await BookAsync(first, provider, TuesdayTen);

        var response = await FormPost.SubmitAsync(second, FormUrl(provider, TuesdayTen), Fields(provider, TuesdayTen));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var buttons = System.Text.RegularExpressions.Regex.Matches(html, "class=\"slot-button\">([^<]+)</a>").Select(m => m.Groups[1].Value).ToList();

        Assert.Contains("The nearest free times, in Berlin time (Europe/Berlin):", html);
        Assert.Equal(6, buttons.Count);
        Assert.All(buttons, text => Assert.Matches("^\\w{3} \\d{1,2} \\w{3} 2030, \\d{2}:\\d{2}$", text));
    }

    [Fact]
    public async Task A_conflict_offers_the_free_slots_nearest_the_wanted_time_before_and_after_it_in_time_order()
    {
        const string tuesdayThree = "2030-01-08T14:00:00Z";
        var provider = await factory.CreateProviderAsync();
        var (first, _) = await factory.NewCustomerClientAsync();
        var (second, _) = await factory.NewCustomerClientAsync();
        await BookAsync(first, provider, tuesdayThree);

        var response = await FormPost.SubmitAsync(second, FormUrl(provider, tuesdayThree), Fields(provider, tuesdayThree));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var offered = System.Text.RegularExpressions.Regex.Matches(html, "<li><a href=\"/Bookings/New\\?service=[0-9]+&start=([^\"]+)\"")
            .Select(m => Uri.UnescapeDataString(m.Groups[1].Value)).ToList();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        // 13:30 to 16:30 Berlin around the taken 15:00 (15-minute steps), not the first free times of the morning.
        Assert.Equal(["2030-01-08T12:30:00Z", "2030-01-08T12:45:00Z", "2030-01-08T13:00:00Z",
            "2030-01-08T15:00:00Z", "2030-01-08T15:15:00Z", "2030-01-08T15:30:00Z"], offered);
    }

    [Fact]
    public async Task A_double_submit_with_the_same_hidden_key_makes_one_booking()
    {
        var provider = await factory.CreateProviderAsync();
        var (client, customer) = await factory.NewCustomerClientAsync();
        var key = Guid.NewGuid().ToString("N");

        var firstLocation = await BookAsync(client, provider, TuesdayTen, key);
        var secondLocation = await BookAsync(client, provider, TuesdayTen, key);

        Assert.Equal(firstLocation, secondLocation);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Bookings.CountAsync(b => b.CustomerId == customer.Id)));
    }

    [Fact]
    public async Task A_field_error_is_shown_next_to_its_field()
    {
        var provider = await factory.CreateProviderAsync();
        var (client, _) = await factory.NewCustomerClientAsync();
        var fields = Fields(provider, TuesdayTen);
        fields["Input.Duration"] = "1000";

        var response = await FormPost.SubmitAsync(client, FormUrl(provider, TuesdayTen), fields);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches("id=\"duration-error\"[^>]*>Duration must be", html);
    }

    [Fact]
    public async Task Customer_cancels_with_a_reason_and_a_second_cancel_is_refused_clearly()
    {
        var provider = await factory.CreateProviderAsync();
        var (client, _) = await factory.NewCustomerClientAsync();
        var location = await BookAsync(client, provider, TuesdayTen);

        var cancelled = await FormPost.SubmitAsync(client, location, new Dictionary<string, string> { ["CancelReason"] = "Fixed it myself" }, $"{location}?handler=Cancel");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(location));
        var again = await FormPost.SubmitAsync(client, location, new Dictionary<string, string>(), $"{location}?handler=Cancel");
        var refused = WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Contains("Booking cancelled.", html);
        Assert.Contains("Cancelled", html);
        Assert.Contains("Fixed it myself", html);
        Assert.DoesNotContain("Yes, cancel this booking", html);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("This booking can no longer be changed", refused);
    }

    [Fact]
    public async Task Another_customer_gets_404_on_someone_elses_booking()
    {
        var provider = await factory.CreateProviderAsync();
        var (owner, _) = await factory.NewCustomerClientAsync();
        var (stranger, _) = await factory.NewCustomerClientAsync();
        var location = await BookAsync(owner, provider, TuesdayTen);

        var response = await stranger.GetAsync(location);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Provider_confirms_and_the_customer_sees_it_in_my_bookings()
    {
        var provider = await factory.CreateProviderAsync();
        var (customer, _) = await factory.NewCustomerClientAsync();
        var location = await BookAsync(customer, provider, TuesdayTen);
        var providerClient = await factory.SignedInAsync(provider.User.Email!);

        var confirmed = await FormPost.SubmitAsync(providerClient, location, new Dictionary<string, string>(), $"{location}?handler=Confirm");
        var list = WebUtility.HtmlDecode(await customer.GetStringAsync("/Bookings"));

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Contains($"<a href=\"{location}\">Leak repair</a>", list);
        Assert.Contains("data-status=\"confirmed\"", list);
        Assert.Contains("Tue 8 Jan 2030, 10:00 (Europe/Berlin)", list);
    }

    [Fact]
    public async Task Provider_runs_the_job_and_the_customer_reviews_it_once()
    {
        var provider = await factory.CreateProviderAsync();
        var (customer, _) = await factory.NewCustomerClientAsync();
        var soon = factory.SoonStart();
        var location = await BookAsync(customer, provider, Iso(soon));
        var providerClient = await factory.SignedInAsync(provider.User.Email!);
        factory.ArriveAt(soon);
        foreach (var handler in new[] { "Confirm", "Start", "Complete" })
        {
            var moved = await FormPost.SubmitAsync(providerClient, location, new Dictionary<string, string>(), $"{location}?handler={handler}");
            Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        }

        var withoutRating = await FormPost.SubmitAsync(customer, location, new Dictionary<string, string> { ["Review.Comment"] = "Great" }, $"{location}?handler=Review");
        var withoutRatingHtml = WebUtility.HtmlDecode(await withoutRating.Content.ReadAsStringAsync());
        var reviewed = await FormPost.SubmitAsync(customer, location, new Dictionary<string, string> { ["Review.Rating"] = "5", ["Review.Comment"] = "Great" }, $"{location}?handler=Review");
        var html = WebUtility.HtmlDecode(await customer.GetStringAsync(location));

        Assert.Equal(HttpStatusCode.BadRequest, withoutRating.StatusCode);
        Assert.Contains("rating is required.", withoutRatingHtml);
        Assert.Equal(HttpStatusCode.Redirect, reviewed.StatusCode);
        Assert.Contains("Thank you for your review.", html);
        Assert.Contains("data-status=\"completed\"", html);
        Assert.DoesNotContain("Send review", html);
    }

    [Fact]
    public async Task Paying_by_card_needs_a_token_and_holds_the_amount()
    {
        var provider = await factory.CreateProviderAsync();
        var (client, _) = await factory.NewCustomerClientAsync();
        var fields = Fields(provider, TuesdayTen);
        fields["Input.PaymentMethod"] = "card";

        var withoutToken = await FormPost.SubmitAsync(client, FormUrl(provider, TuesdayTen), fields);
        var withoutTokenHtml = WebUtility.HtmlDecode(await withoutToken.Content.ReadAsStringAsync());
        fields["Input.PaymentToken"] = "tok_visa";
        var paid = await FormPost.SubmitAsync(client, FormUrl(provider, TuesdayTen), fields);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(paid.Headers.Location!.OriginalString));

        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Matches("id=\"card-number-error\"[^>]*>Enter your card number, expiry and security code", withoutTokenHtml);
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        Assert.Contains("Card · reserved now, charged when the job is done", html);
    }

    [Fact]
    public async Task Errors_speak_the_forms_labels_and_a_summary_at_the_top_links_to_each_field()
    {
        var provider = await factory.CreateProviderAsync();
        var (client, _) = await factory.NewCustomerClientAsync();
        var fields = Fields(provider, TuesdayTen, notes: new string('x', 2001));
        fields["Input.PaymentMethod"] = "card";

        var response = await FormPost.SubmitAsync(client, FormUrl(provider, TuesdayTen), fields);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<li><a href=\"#Input_CustomerNotes\">Notes for the provider may be at most 2000 characters.</a></li>", html);
        Assert.Contains("<li><a href=\"#Input_CardNumber\">Enter your card number, expiry and security code, or choose pay on completion.</a></li>", html);
        Assert.Contains("id=\"Input_CustomerNotes\"", html);
        Assert.DoesNotContain("customer_notes", html);
        Assert.DoesNotContain("payment_token", html);
    }

    [Fact]
    public async Task A_finished_job_offers_rate_this_job_in_my_bookings_and_shows_the_review_once_sent()
    {
        var provider = await factory.CreateProviderAsync();
        var (customer, _) = await factory.NewCustomerClientAsync();
        var soon = factory.SoonStart();
        var location = await BookAsync(customer, provider, Iso(soon));
        var providerClient = await factory.SignedInAsync(provider.User.Email!);
        factory.ArriveAt(soon);
        foreach (var handler in new[] { "Confirm", "Start", "Complete" })
        {
            await FormPost.SubmitAsync(providerClient, location, new Dictionary<string, string>(), $"{location}?handler={handler}");
        }

        var before = WebUtility.HtmlDecode(await customer.GetStringAsync("/Bookings"));
        await FormPost.SubmitAsync(customer, location, new Dictionary<string, string> { ["Review.Rating"] = "4", ["Review.Comment"] = "Tidy work, a bit late." }, $"{location}?handler=Review");
        var after = WebUtility.HtmlDecode(await customer.GetStringAsync("/Bookings"));
        var details = WebUtility.HtmlDecode(await customer.GetStringAsync(location));
        var providersList = WebUtility.HtmlDecode(await providerClient.GetStringAsync("/Bookings"));

        Assert.Contains($"<a href=\"{location}#review-heading\" aria-label=\"Rate Leak repair with {provider.Profile.DisplayName}\">Rate this job</a>", before);
        Assert.DoesNotContain("Rate this job", after);
        Assert.Contains("<h2 id=\"review-heading\">Your review</h2>", details);
        Assert.Contains("4 out of 5 stars", details);
        Assert.Contains("<blockquote>Tidy work, a bit late.</blockquote>", details);
        Assert.DoesNotContain("Rate this job", providersList);
    }

    [Fact]
    public void Payment_reads_in_plain_words()
    {
        Assert.Equal("Card · reserved now, charged when the job is done", BookingDisplay.PaymentText(new PaymentView("authorized", "card", 1000)));
        Assert.Equal("Card · reservation released, nothing charged", BookingDisplay.PaymentText(new PaymentView("voided", "card", 1000)));
        Assert.Equal("Card · charged", BookingDisplay.PaymentText(new PaymentView("captured", "card", 1000)));
        Assert.Equal("Pay on completion · you pay when the job is done", BookingDisplay.PaymentText(new PaymentView("pending", "on_completion", 1000)));
    }

    [Fact]
    public async Task The_booking_page_tells_the_customer_what_happens_next()
    {
        var provider = await factory.CreateProviderAsync();
        var (customer, _) = await factory.NewCustomerClientAsync();
        var location = await BookAsync(customer, provider, TuesdayTen);
        var providerClient = await factory.SignedInAsync(provider.User.Email!);

        var pending = WebUtility.HtmlDecode(await customer.GetStringAsync(location));
        await FormPost.SubmitAsync(providerClient, location, new Dictionary<string, string>(), $"{location}?handler=Confirm");
        var confirmed = WebUtility.HtmlDecode(await customer.GetStringAsync(location));
        var providersView = WebUtility.HtmlDecode(await providerClient.GetStringAsync(location));

        Assert.Contains("<h2 id=\"next-steps-heading\">What happens next</h2>", pending);
        Assert.Matches("<li class=\"step step-current\" aria-current=\"step\">\\s*<strong>Request sent</strong>", pending);
        Assert.Matches("<li class=\"step step-done\">\\s*<strong>Request sent</strong>", confirmed);
        Assert.Matches("<li class=\"step step-current\" aria-current=\"step\">\\s*<strong>Confirmed</strong>", confirmed);
        Assert.DoesNotContain("What happens next", providersView);
    }

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}
