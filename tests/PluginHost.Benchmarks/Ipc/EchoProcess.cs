using System.Diagnostics;
using System.Net.Sockets;

namespace PluginHost.Benchmarks.Ipc;

/// <summary>
/// The near end of the raw IPC reference: starts this program again as an echo server, connects over a Unix domain
/// socket, and times round trips of one frame.
/// </summary>
internal sealed class EchoProcess : IDisposable
{
    private readonly Process _process;
    private readonly Socket _socket;
    private readonly byte[] _frame;
    private byte[] _received;

    private EchoProcess(Process process, Socket socket, byte[] payload)
    {
        _process = process;
        _socket = socket;
        _frame = Frames.Of(payload);
        _received = new byte[_frame.Length];
    }

    public static EchoProcess Start(string folder, byte[] payload)
    {
        var socketPath = Path.Combine(folder, "echo.sock");
        var start = new ProcessStartInfo { RedirectStandardOutput = true, UseShellExecute = false };

        // Started through dotnet (dotnet run, dotnet x.dll) the process path is the muxer: name the program after it.
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which executable is running");
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(EchoProcess).Assembly.Location);
        }

        start.ArgumentList.Add("--echo-server");
        start.ArgumentList.Add(socketPath);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {self} as an echo server");
        var ready = process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(30)) || ready.Result != EchoServer.ReadyLine)
        {
            process.Kill();
            throw new InvalidOperationException("the echo server did not start within 30 s");
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        return new EchoProcess(process, socket, payload);
    }

    /// <summary>Sends the frame and waits for it to come back whole.</summary>
    public void RoundTrip()
    {
        Frames.Send(_socket, _frame);
        if (Frames.Receive(_socket, ref _received) != _frame.Length)
        {
            throw new InvalidDataException("the echo server sent back a different frame");
        }
    }

    public void Dispose()
    {
        _socket.Shutdown(SocketShutdown.Both);
        _socket.Dispose();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
