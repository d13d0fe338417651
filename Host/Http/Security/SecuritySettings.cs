using System.Net;
using System.Net.Sockets;

namespace PluginHost.Host.Http.Security;

/// <summary>Reading and checking the security settings: <c>Auth:Mode</c>, <c>KnownProxies</c>, <c>AllowedHosts</c> and the admin key.</summary>
internal static class SecuritySettings
{
    private static readonly char[] ListSeparators = [',', ';'];

    /// <summary>
    /// Reads the list settings from <paramref name="section"/> (the PluginHost section) into <paramref name="options"/>:
    /// each may be an array (<c>KnownProxies:0</c>, <c>:1</c>, as JSON arrays bind) or one comma-separated value, which
    /// is what an environment variable holds and the configuration binder would leave empty.
    /// </summary>
    public static void ReadLists(PluginHostOptions options, IConfigurationSection section)
    {
        options.KnownProxies = ReadList(section.GetSection(nameof(PluginHostOptions.KnownProxies)));
        options.AllowedHosts = ReadList(section.GetSection(nameof(PluginHostOptions.AllowedHosts)));
    }

    /// <summary>What is wrong with the security settings, one line per problem.</summary>
    public static IEnumerable<string> Problems(PluginHostOptions options)
    {
        var section = PluginHostOptions.Section;
        if (!Enum.IsDefined(options.Auth.Mode))
        {
            yield return $"{section}:Auth:Mode must be Loopback or Required, not {options.Auth.Mode}";
        }

        foreach (var proxy in options.KnownProxies.Where(proxy => ParseAddress(proxy) is null))
        {
            yield return $"{section}:KnownProxies: '{proxy}' is not an IP address: list the proxies' addresses, such as 127.0.0.1 or ::1, separated by commas";
        }

        foreach (var host in options.AllowedHosts.Where(host => !IsHostPattern(host.Trim())))
        {
            yield return $"{section}:AllowedHosts: '{host}' is not a host name: give names such as api.example.com, *.example.com, 192.0.2.7 or [2001:db8::7], without scheme, port or path, separated by commas";
        }
    }

    /// <summary>What is wrong with the admin key, if anything.</summary>
    public static IEnumerable<string> AdminKeyProblems(string? key)
    {
        if (key is { Length: > 0 and < AdminKey.MinLength })
        {
            yield return $"{AdminKey.Variable} must be at least {AdminKey.MinLength} characters long (it has {key.Length}): a short key can be guessed over the network";
        }
    }

    /// <summary>The addresses of <c>KnownProxies</c> (valid ones; <see cref="Problems"/> reports the rest).</summary>
    public static IReadOnlyList<IPAddress> ProxyAddresses(PluginHostOptions options) =>
        options.KnownProxies.Select(ParseAddress).OfType<IPAddress>().ToList();

    private static string[] ReadList(IConfigurationSection section) =>
        section.Value is { } single
            ? single.Split(ListSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : section.GetChildren().Select(child => child.Value?.Trim()).OfType<string>().Where(value => value.Length > 0).ToArray();

    /// <summary>An address written in full: IPAddress.TryParse alone also takes "1" (0.0.0.1) and "127.1".</summary>
    private static IPAddress? ParseAddress(string text)
    {
        text = text.Trim();
        return IPAddress.TryParse(text, out var address)
            && (address.AddressFamily == AddressFamily.InterNetworkV6 || text.Count(c => c == '.') == 3)
            ? address
            : null;
    }

    private static bool IsHostPattern(string host)
    {
        if (host == "*")
        {
            return true;
        }

        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            return IPAddress.TryParse(host[1..^1], out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6;
        }

        var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
        return Uri.CheckHostName(name) is UriHostNameType.Dns or UriHostNameType.IPv4;
    }
}
