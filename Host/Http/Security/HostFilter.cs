using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace PluginHost.Host.Http.Security;

/// <summary>
/// Refuses a request whose Host header names no host this service answers to (400 <c>BadRequest</c>). This stops DNS
/// rebinding: a web page whose own name the attacker points at 127.0.0.1 reaches the host with that name as Host.
/// </summary>
/// <remarks>
/// ASP.NET Core's own host filtering answers with an HTML page; this one uses the API's error JSON. Allowed:
/// <c>PluginHost:AllowedHosts</c> when set (<c>*</c> allows any, <c>*.example.com</c> subdomains); otherwise the hosts
/// the server listens on, localhost, 127.0.0.1 and [::1], and, when it listens on every interface (0.0.0.0, [::]), the
/// machine's own addresses, since an address typed as such cannot be rebound.
/// </remarks>
internal sealed class HostFilter(RequestDelegate next, IOptions<PluginHostOptions> options, IServer server, ILogger<HostFilter> logger)
{
    private static readonly string[] LocalHosts = ["localhost", "127.0.0.1", "[::1]"];

    // Computed on the first request: the listening addresses are known once the server has started.
    private IList<StringSegment>? _allowed;

    public Task InvokeAsync(HttpContext http)
    {
        var host = http.Request.Host;

        // HTTP/1.0 may send no Host; a browser always sends one, so an empty one cannot be a rebinding.
        if (!host.HasValue || HostString.MatchesAny(host.Host, Allowed()))
        {
            return next(http);
        }

        return SecurityErrors.WriteAsync(http, StatusCodes.Status400BadRequest, Pipeline.ErrorCodes.BadRequest,
            $"the Host header '{host.Value}' names no host this service answers to: add the name to PluginHost:AllowedHosts if clients use it (unknown names are refused against DNS rebinding)");
    }

    private IList<StringSegment> Allowed()
    {
        if (_allowed is { } allowed)
        {
            return allowed;
        }

        var configured = options.Value.AllowedHosts;
        var hosts = (configured.Length > 0 ? configured.Select(host => host.Trim()) : DefaultHosts()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        logger.LogInformation("Answering requests for the hosts {AllowedHosts}", string.Join(", ", hosts));
        return _allowed = hosts.Select(host => new StringSegment(host)).ToList();
    }

    private List<string> DefaultHosts()
    {
        var hosts = new List<string>(LocalHosts);
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in listening)
        {
            var host = BindingAddress.Parse(address).Host;
            if (host is "0.0.0.0" or "[::]" or "::" or "*" or "+")
            {
                hosts.AddRange(MachineAddresses());
            }
            else
            {
                hosts.Add(host);
            }
        }

        return hosts;
    }

    private static IEnumerable<string> MachineAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(adapter => adapter.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .Where(address => !address.IsIPv6LinkLocal)
            .Select(address => address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString());
}
