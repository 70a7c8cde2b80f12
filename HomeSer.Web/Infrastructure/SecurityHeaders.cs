using System.Security.Cryptography;

namespace HomeSer.Web.Infrastructure;

/// <summary>
/// Headers every response carries: a Content-Security-Policy with a per-request nonce (our pages use no inline script
/// or style, so nothing else runs), no MIME sniffing, no framing, a narrow referrer and no powerful browser features.
/// Hangfire's dashboard renders inline scripts and styles, so its path alone gets a looser policy.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceKey = "csp-nonce";

    /// <summary>This request's CSP nonce, for a script or style tag that must be inline (none today).</summary>
    public static string CspNonce(this HttpContext http) =>
        http.Items[NonceKey] as string ?? throw new InvalidOperationException("UseSecurityHeaders has not run for this request.");

    public static string PagePolicy(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; font-src 'self'; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string DashboardPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication UseSecurityHeaders(this WebApplication app, string dashboardPath)
    {
        app.Use((http, next) =>
        {
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            http.Items[NonceKey] = nonce;
            // Decided now: the dashboard moves its prefix into PathBase while it runs.
            var policy = http.Request.Path.StartsWithSegments(dashboardPath) ? DashboardPolicy : PagePolicy(nonce);
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                // Geolocation stays for our own pages: the search form's "Use my location".
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(self), payment=(), usb=()";
                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }
}
