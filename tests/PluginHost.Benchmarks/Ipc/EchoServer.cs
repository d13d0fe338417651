using System.Net.Sockets;

namespace PluginHost.Benchmarks.Ipc;

/// <summary>
/// The far end of the raw IPC reference, run as a second process (<c>--echo-server &lt;socket&gt;</c>): accepts one
/// connection on a Unix domain socket and sends every frame back as it came, until the connection closes.
/// </summary>
internal static class EchoServer
{
    public const string ReadyLine = "echo-server ready";

    public static int Run(string socketPath)
    {
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(1);
        Console.WriteLine(ReadyLine);
        Console.Out.Flush();

        // A benchmark that died before connecting must not leave this process behind.
        // A synchronous accept: a socket accepted asynchronously is non-blocking underneath, and its blocking reads would
        // wait through the runtime's event loop and thread pool, which is neither raw nor fair to either side.
        if (!listener.Poll(TimeSpan.FromSeconds(60), SelectMode.SelectRead))
        {
            Console.Error.WriteLine("echo-server: nobody connected within 60 s");
            return 1;
        }

        using var connection = listener.Accept();
        var buffer = new byte[64 * 1024];
        int length;
        while ((length = Frames.Receive(connection, ref buffer)) > 0)
        {
            Frames.Send(connection, buffer.AsSpan(0, length));
        }

        return 0;
    }
}
