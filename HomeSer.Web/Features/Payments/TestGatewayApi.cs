using HomeSer.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HomeSer.Web.Features.Payments;

/// <summary>
/// The built-in test gateway's tokenizer, public like a processor's publishable-key endpoint: the booking form's card
/// fields post here from the browser (wwwroot/js/test-gateway.js), so HomeSer's booking handler only receives the token.
/// </summary>
public static class TestGatewayApi
{
    public const string TokensPath = "/api/payments/test-gateway/tokens/";

    public static IEndpointRouteBuilder MapTestGatewayApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(TokensPath, CreateToken).WithTags("Payments").AllowAnonymous()
            .WithName("CreateTestCardToken").WithSummary("Turn a test card (number, expiry, CVC) into a payment_token for a booking.");
        return routes;
    }

    public static Results<Created<CardTokenView>, ProblemHttpResult> CreateToken(CardDetailsRequest card, TestCardTokens tokens, HttpContext http)
    {
        var issued = tokens.Issue(card);
        return issued.Error is { } error
            ? TypedResults.Problem(Problems.Create(http, error))
            : TypedResults.Created((string?)null, issued.Value!);
    }
}
