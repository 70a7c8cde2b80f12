using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace HomeSer.Web.Infrastructure;

/// <summary>
/// The origin every absolute link is built from (mails, pagination links): <c>App:PublicBaseUrl</c>, else the first
/// address Kestrel listens on. Never the request's Host header, which the client chooses: a reset link built from it
/// can be pointed at an attacker's site.
/// </summary>
public sealed class PublicOrigin(IConfiguration configuration, IServer server)
{
    private Uri? _origin;

    public Uri Origin => _origin ??= Resolve();

    /// <summary>An absolute URL for a path (and query) of this app.</summary>
    public string Url(string pathAndQuery) => new Uri(Origin, pathAndQuery).ToString();

    private Uri Resolve()
    {
        if (configuration["App:PublicBaseUrl"] is { Length: > 0 } configured)
        {
            return Normalize(configured);
        }
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        // "http://+:80" or "http://*:80" bind every interface; as a link "localhost" is the only sensible host.
        return Normalize(listening?.Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://[::]", "://localhost").Replace("://0.0.0.0", "://localhost")
            ?? "http://localhost");
    }

    private static Uri Normalize(string url)
    {
        var uri = new Uri(url, UriKind.Absolute);
        var path = uri.AbsolutePath.EndsWith('/') ? uri.AbsolutePath : uri.AbsolutePath + "/";
        return new UriBuilder(uri.Scheme, uri.Host, uri.Port, path).Uri;
    }
}
