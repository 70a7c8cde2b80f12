using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;

namespace HomeSer.Web.Infrastructure;

/// <summary>
/// Where Kestrel listens. The default used to come from the launch profile, which <c>dotnet run</c> applies over
/// <c>ASPNETCORE_URLS</c>; it lives here instead, below every setting (<c>--urls</c>, <c>ASPNETCORE_URLS</c>,
/// <c>Kestrel:Endpoints</c>), and a taken address is one line, said before the database is touched.
/// </summary>
public static class ListenAddresses
{
    public const string Default = "http://localhost:5080";

    /// <summary>
    /// The default address when no setting chose one. Kestrel only, and after the build: a test host serves in memory
    /// and has no address, and an address given to it would become the origin of its absolute links.
    /// </summary>
    public static void UseDefaultListenAddress(this WebApplication app)
    {
        if (IsKestrel(app) && string.IsNullOrWhiteSpace(app.Configuration["urls"]) && !app.Configuration.GetSection("Kestrel:Endpoints").Exists()
            && app.Urls.Count == 0)
        {
            app.Urls.Add(Default);
        }
    }

    /// <summary>The first address Kestrel is to listen on that another process already listens on, or null.</summary>
    public static string? FirstTaken(WebApplication app)
    {
        if (!IsKestrel(app))
        {
            return null;
        }
        var urls = app.Urls.Count > 0 ? app.Urls : (app.Configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return urls.FirstOrDefault(url => Endpoint(url) is { } endpoint && IsTaken(endpoint));
    }

    private static bool IsKestrel(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().GetType().Namespace?.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal) == true;

    /// <summary>Whether the failure of a start was a taken address (the check above can lose a race with another process).</summary>
    public static bool IsAddressInUse(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Microsoft.AspNetCore.Connections.AddressInUseException or SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }
        return false;
    }

    public static string TakenMessage(string url) =>
        $"HomeSer cannot listen on {url}: another process uses that address. Stop it, or choose another with --urls or ASPNETCORE_URLS.";

    private static IPEndPoint? Endpoint(string url)
    {
        // Kestrel's wildcards ("http://*:80", "http://+:80") are not URIs; they mean every interface.
        var normalized = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || uri.Port <= 0)
        {
            return null; // port 0 picks a free port; anything unparsable is Kestrel's to refuse
        }
        if (uri.IsLoopback && !IPAddress.TryParse(uri.Host, out _))
        {
            return new IPEndPoint(IPAddress.Loopback, uri.Port); // "localhost"
        }
        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) ? new IPEndPoint(address, uri.Port) : null;
    }

    private static bool IsTaken(IPEndPoint endpoint)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        // As Kestrel binds: a port left in TIME_WAIT by a stopped run is free, only a live listener takes it.
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            socket.Bind(endpoint);
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
        catch (SocketException)
        {
            return false; // not ours to judge (e.g. an address of another machine); Kestrel reports it
        }
    }
}
