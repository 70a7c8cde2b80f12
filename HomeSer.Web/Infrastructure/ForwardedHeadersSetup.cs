using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace HomeSer.Web.Infrastructure;

/// <summary>
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed only from the proxies listed in
/// <c>ForwardedHeaders:KnownProxies</c> (addresses separated by <c>;</c> or <c>,</c>; default none, so nothing is
/// believed). Behind nginx the client's address then drives the per-address limits (sign-in, sign-up, calendar feed);
/// from anybody else the header is ignored, so a client cannot pick its own address to escape them.
/// </summary>
public static class ForwardedHeadersSetup
{
    public const string KnownProxiesKey = "ForwardedHeaders:KnownProxies";

    public static WebApplicationBuilder AddForwardedHeadersFromProxies(this WebApplicationBuilder builder)
    {
        var proxies = KnownProxies(builder.Configuration);
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; here only what the operator lists.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(proxy);
            }
            // One hop: nginx appends the address it saw; anything to its left was written by the client.
            options.ForwardLimit = 1;
        });
        return builder;
    }

    public static WebApplication UseForwardedHeadersFromProxies(this WebApplication app)
    {
        if (KnownProxies(app.Configuration).Count > 0)
        {
            app.UseForwardedHeaders();
        }
        return app;
    }

    private static List<IPAddress> KnownProxies(IConfiguration configuration) =>
        (configuration[KnownProxiesKey] ?? "")
            .Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(text => IPAddress.TryParse(text, out var address)
                ? address
                : throw new InvalidOperationException($"{KnownProxiesKey}: '{text}' is not an IP address."))
            .ToList();
}
