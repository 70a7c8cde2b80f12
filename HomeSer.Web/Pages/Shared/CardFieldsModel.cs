namespace HomeSer.Web.Pages.Shared;

/// <summary>The gateway's card fields on a form, with the error the gateway or the payment gave, if any.</summary>
public sealed record CardFieldsModel(string? Error)
{
    public string TokensUrl => Features.Payments.TestGatewayApi.TokensPath;
}
