using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeSer.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace HomeSer.Tests.Payments;

/// <summary>
/// The booking form's checkout: the test gateway turns a card into a token (its own endpoint, as hosted fields do) and
/// the booking handler only ever sees the token. The factory's clock is Monday 7 Jan 2030, 09:00 in Berlin.
/// </summary>
public sealed class CheckoutTests(HomeSerFactory factory) : IClassFixture<HomeSerFactory>
{
    private const string TokensUrl = "/api/payments/test-gateway/tokens/";
    private const string TuesdayTen = "2030-01-08T09:00:00Z";

    private static string FormUrl(TestData.ProviderSetup provider) =>
        $"/Bookings/New?service={provider.Service.Id}&start={Uri.EscapeDataString(TuesdayTen)}";

    private static Dictionary<string, string> CardFields(TestData.ProviderSetup provider, string token) => new()
    {
        ["Input.Service"] = provider.Service.Id.ToString(),
        ["Input.StartTime"] = TuesdayTen,
        ["Input.Duration"] = "60",
        ["Input.PaymentMethod"] = "card",
        ["Input.PaymentToken"] = token,
        ["Input.IdempotencyKey"] = Guid.NewGuid().ToString("N"),
    };

    private async Task<string> TokenForAsync(string number)
    {
        var response = await factory.CreateClient().PostAsJsonAsync(TokensUrl, new { number, expiry = "12 / 31", cvc = "123" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> RefusedCardAsync(object card)
    {
        var response = await factory.CreateClient().PostAsJsonAsync(TokensUrl, card);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("VALIDATION_ERROR", problem.GetProperty("code").GetString());
        return problem.GetProperty("errors");
    }

    [Fact]
    public async Task The_gateway_turns_the_approved_test_card_into_a_token_naming_only_its_last_four_digits()
    {
        var response = await factory.CreateClient().PostAsJsonAsync(TokensUrl, new { number = "4242 4242 4242 4242", expiry = "12/31", cvc = "123" });
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(text).RootElement;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.StartsWith("tok_card_", body.GetProperty("id").GetString());
        Assert.Equal("4242", body.GetProperty("card").GetProperty("last4").GetString());
        Assert.DoesNotContain("4242424242424242", text);
    }

    [Fact]
    public async Task A_mistyped_card_number_is_refused_with_the_field_named()
    {
        var errors = await RefusedCardAsync(new { number = "4242 4242 4242 4241", expiry = "12/31", cvc = "123" });

        Assert.Equal("The card number is not valid; check the digits.", errors.GetProperty("number")[0].GetString());
    }

    [Fact]
    public async Task An_expired_card_and_a_short_security_code_are_refused_together()
    {
        var errors = await RefusedCardAsync(new { number = "4242424242424242", expiry = "12/29", cvc = "12" });

        Assert.Equal("The card has expired.", errors.GetProperty("expiry")[0].GetString());
        Assert.Equal("Enter the 3 or 4 digits of the security code (CVC).", errors.GetProperty("cvc")[0].GetString());
    }

    [Fact]
    public async Task A_real_card_number_is_refused_in_test_mode()
    {
        var errors = await RefusedCardAsync(new { number = "5555 5555 5555 4444", expiry = "12/31", cvc = "123" });

        Assert.Equal("Test mode takes only test cards: use 4242 4242 4242 4242.", errors.GetProperty("number")[0].GetString());
    }

    [Fact]
    public async Task The_booking_form_books_with_a_gateway_token_and_holds_the_price_on_the_card()
    {
        var provider = await factory.CreateProviderAsync();
        var (client, customer) = await factory.NewCustomerClientAsync();
        var token = await TokenForAsync("4242424242424242");

        var response = await FormPost.SubmitAsync(client, FormUrl(provider), CardFields(provider, token));
        var payment = await factory.WithDbAsync(db => db.Payments.AsNoTracking().Where(p => p.BookingId == db.Bookings.Single(b => b.CustomerId == customer.Id).Id)
            .Select(p => new { p.Status, p.AmountCents }).SingleAsync());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(Web.Features.Payments.PaymentStatus.Authorized, payment.Status);
        Assert.Equal(provider.Service.PriceCents, payment.AmountCents);
    }

    [Fact]
    public async Task A_declined_card_says_so_under_the_card_number_and_books_nothing()
    {
        var provider = await factory.CreateProviderAsync();
        var (client, customer) = await factory.NewCustomerClientAsync();
        var token = await TokenForAsync("4000 0000 0000 0002");

        var response = await FormPost.SubmitAsync(client, FormUrl(provider), CardFields(provider, token));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches("id=\"card-number-error\"[^>]*>Your card was declined. No booking was made; try another card or pay on completion.<", html);
        Assert.Contains("<li><a href=\"#Input_CardNumber\">Your card was declined.", html);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Bookings.CountAsync(b => b.CustomerId == customer.Id)));
    }

    [Fact]
    public async Task The_card_fields_have_no_name_so_the_browser_never_posts_a_card_number()
    {
        var provider = await factory.CreateProviderAsync();
        var (client, _) = await factory.NewCustomerClientAsync();

        var html = await client.GetStringAsync(FormUrl(provider));
        var cardInputs = System.Text.RegularExpressions.Regex.Matches(html, "<input[^>]*data-card=\"[a-z]+\"[^>]*>").Select(m => m.Value).ToList();

        Assert.Equal(3, cardInputs.Count);
        Assert.All(cardInputs, input => Assert.DoesNotContain("name=", input));
        Assert.Contains("name=\"Input.PaymentToken\"", html);
    }

    [Fact]
    public async Task The_form_sums_up_the_booking_and_states_the_cancellation_policy_before_the_button()
    {
        var provider = await factory.CreateProviderAsync();
        var (client, _) = await factory.NewCustomerClientAsync();

        var html = WebUtility.HtmlDecode(await client.GetStringAsync(FormUrl(provider)));
        var summary = html[html.IndexOf("id=\"summary-heading\"", StringComparison.Ordinal)..html.IndexOf("Request booking</button>", StringComparison.Ordinal)];

        Assert.Contains("Tue 8 Jan 2030, 10:00 (Europe/Berlin)", summary);
        Assert.Contains(Web.Pages.Display.Price(provider.Service.PriceCents, "EUR"), summary);
        Assert.Contains("only charged when the job is done", summary);
        Assert.Contains("Cancellation:", summary);
        Assert.Contains("free of charge from My bookings at any time before the job starts.", summary);
    }

    [Fact]
    public async Task The_api_still_takes_the_named_test_tokens()
    {
        var provider = await factory.CreateProviderAsync();
        var (client, customer) = await factory.NewCustomerClientAsync();

        var response = await FormPost.SubmitAsync(client, FormUrl(provider), CardFields(provider, "tok_visa"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Bookings.CountAsync(b => b.CustomerId == customer.Id)));
    }
}
