using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace HomeSer.Web.Pages;

[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel : PageModel
{
    public string Heading { get; private set; } = "Something went wrong";
    public string Message { get; private set; } = "We could not finish that. Please try again in a moment.";
    public string? TraceId { get; private set; }

    public void OnGet(int? status) => Describe(status);
    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
        (Heading, Message) = status switch
        {
            404 => ("Page not found", "There is nothing at this address. Check the link or start from the home page."),
            403 => ("Not allowed", "Your account cannot open this page."),
            400 => ("Bad request", "The request could not be understood."),
            429 => ("Too many attempts", "Please wait a minute, then try again."),
            _ => (Heading, Message),
        };
        if (status is null or >= 500)
        {
            TraceId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        }
    }
}
