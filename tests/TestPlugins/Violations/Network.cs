using System.Net;
using System.Net.Sockets;

namespace TestPlugins.Violations;

/// <summary>Network: sockets, HttpClient, WebClient, WebRequest, Dns.</summary>
public static class Network
{
    public static Socket OpenSocket() => new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public static Task<string> Download(HttpClient client, Uri uri) => client.GetStringAsync(uri);

    public static string DownloadWithWebClient(Uri uri)
    {
        using var client = new WebClient();
        return client.DownloadString(uri);
    }

    public static WebRequest CreateRequest(Uri uri) => WebRequest.Create(uri);

    public static IPAddress[] Resolve(string host) => Dns.GetHostAddresses(host);
}
