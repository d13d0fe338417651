using System.Net.Sockets;
using PluginHost.SandboxRunner;
using PluginHost.SandboxRunner.Confinement;

// sandboxrunner --socket <path> [--max-frame-bytes N] [--max-data-megabytes N] [--read-only <path>]... [--writable <path>]...
// Started by the host, never by hand: it connects to the host's socket, confines itself, then serves executions
// until the host closes the socket. Nothing here writes to stdout: plug-ins may, and the host ignores it.
var socketPath = Argument("--socket");
var maxFrameBytes = int.TryParse(Argument("--max-frame-bytes"), out var max) ? max : 64 * 1024 * 1024;
var maxDataMegabytes = long.TryParse(Argument("--max-data-megabytes"), out var data) ? data : 768;
if (socketPath is null)
{
    Console.Error.WriteLine("error: sandboxrunner is started by pluginhost with --socket <path>");
    return 2;
}

var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
try
{
    socket.Connect(new UnixDomainSocketEndPoint(socketPath));
}
catch (SocketException exception)
{
    Console.Error.WriteLine($"error: cannot connect to the host at {socketPath}: {exception.Message}");
    return 3;
}

// Confine before any plug-in byte is touched: limits first, then the file view (Landlock), then the system-call
// filter (which also stops this process from starting others or opening network sockets).
string confinement;
try
{
    ResourceLimits.Apply(maxOpenFiles: 256, maxFileSizeBytes: 64L * 1024 * 1024, maxDataBytes: maxDataMegabytes * 1024 * 1024);
    var files = Landlock.Apply(Arguments("--read-only"), Arguments("--writable")) is { } abi ? $"landlock{abi}" : "no-landlock";
    SeccompFilter.Install();
    confinement = $"rlimits+{files}+seccomp";
}
catch (InvalidOperationException exception)
{
    Console.Error.WriteLine($"error: cannot confine the sandbox worker: {exception.Message}");
    return 4;
}

ParentWatch.Start();
// The private plug-in cache lives in the worker's own temporary folder (TMPDIR, given by the host), which Landlock
// leaves writable: the folder of its socket under Basic confinement, the private /tmp of its namespace under Strict.
using var worker = new Worker(socket, maxFrameBytes, confinement, Path.Combine(Path.GetTempPath(), "plugins"));
return worker.Run();

string? Argument(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

List<string> Arguments(string name) =>
    [.. args.Select((argument, index) => (argument, index)).Where(pair => pair.argument == name && pair.index + 1 < args.Length).Select(pair => args[pair.index + 1])];
