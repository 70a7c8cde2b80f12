using System.Net;
using HomeSer.Web.Features.Accounts;

namespace HomeSer.Tests.Support;

/// <summary>Browser-like clients for page tests: cookies kept, redirects not followed so tests can see them.</summary>
public static class PageClients
{
    public static HttpClient Anonymous(this HomeSerFactory factory) => factory.CreateClient(new() { AllowAutoRedirect = false });

    /// <summary>A client signed in through the real login page.</summary>
    public static async Task<HttpClient> SignedInAsync(this HomeSerFactory factory, string email)
    {
        var client = factory.Anonymous();
        var response = await FormPost.SubmitAsync(client, "/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = TestData.Password,
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {email} failed with {(int)response.StatusCode}.");
        }
        return client;
    }

    public static async Task<(HttpClient Client, AppUser User)> NewCustomerClientAsync(this HomeSerFactory factory)
    {
        var user = await factory.CreateUserAsync(Roles.Customer);
        return (await factory.SignedInAsync(user.Email!), user);
    }
}
