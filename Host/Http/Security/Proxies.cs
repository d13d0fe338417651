using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace PluginHost.Host.Http.Security;

/// <summary>
/// Forwarded headers (<c>X-Forwarded-For</c>, <c>-Proto</c>, <c>-Host</c>), believed only from the addresses in
/// <c>PluginHost:KnownProxies</c>. Without them, a reverse proxy on the same machine would make every caller look like
/// a loopback caller; with them, the loopback rule and the Host filter see the real client and the name it used.
/// </summary>
internal static class Proxies
{
    /// <summary>The options for ASP.NET Core's forwarded-headers middleware, trusting exactly <paramref name="proxies"/>.</summary>
    public static ForwardedHeadersOptions Options(IReadOnlyList<IPAddress> proxies)
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost,

            // Walk back through the chain while the hop that sent it is a known proxy, and stop at the first that is
            // not: an address a client wrote into the header itself is never reached.
            ForwardLimit = null,
        };

        // The defaults trust every loopback address: exactly what must not happen without configuration.
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var proxy in proxies)
        {
            options.KnownProxies.Add(proxy);
        }

        return options;
    }
}

/// <summary>
/// Without <c>KnownProxies</c>, forwarded headers are ignored; a loopback caller that sends one is most likely a
/// reverse proxy, and in Loopback mode it hands the system user to everyone behind it. Said once in the log.
/// </summary>
internal sealed class UntrustedProxyWarning(RequestDelegate next, IOptions<PluginHostOptions> options, ILogger<UntrustedProxyWarning> logger)
{
    private int _warned;

    public Task InvokeAsync(HttpContext http)
    {
        if (Volatile.Read(ref _warned) == 0
            && options.Value.Auth.Mode == AuthMode.Loopback
            && http.Request.Headers.ContainsKey("X-Forwarded-For")
            && ApiKeyAuthenticationHandler.IsLoopback(http.Connection.RemoteIpAddress)
            && Interlocked.Exchange(ref _warned, 1) == 0)
        {
            logger.LogWarning(
                "A loopback caller sent X-Forwarded-For, but PluginHost:KnownProxies is not set: the header is ignored, so every caller behind that proxy counts as a loopback caller and acts as the system user without a key. Set PluginHost__KnownProxies to the proxy's address, or PluginHost__Auth__Mode=Required");
        }

        return next(http);
    }
}
