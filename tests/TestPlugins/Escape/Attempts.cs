using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Xrm.Sdk;

namespace TestPlugins.Escape;

/// <summary>
/// Runs one escape attempt. When the attempt fails it traces "blocked: &lt;exception type&gt;: &lt;message&gt;" and returns
/// normally; when it succeeds it refuses the operation with "escaped: ..." so the caller sees it. Only the attempt
/// itself is guarded: a mistake in the plug-in's own setup fails the step instead of passing for a block.
/// </summary>
internal static class Attempt
{
    public static void Run(IServiceProvider serviceProvider, Func<string> attempt)
    {
        var tracing = (ITracingService)serviceProvider.GetService(typeof(ITracingService))!;
        string escaped;
        try
        {
            escaped = attempt();
        }
        catch (Exception exception)
        {
            tracing.Trace("blocked: {0}: {1}", exception.GetType().FullName, exception.Message);
            return;
        }

        throw new InvalidPluginExecutionException($"escaped: {escaped}");
    }
}

/// <summary>Reads /etc/hostname, a host file outside the runtime.</summary>
public sealed class ReadHostFile : IPlugin
{
    public void Execute(IServiceProvider serviceProvider) =>
        Attempt.Run(serviceProvider, () => $"read /etc/hostname: {File.ReadAllText("/etc/hostname").Trim()}");
}

/// <summary>Lists /root, a host directory.</summary>
public sealed class ListRootDirectory : IPlugin
{
    public void Execute(IServiceProvider serviceProvider) =>
        Attempt.Run(serviceProvider, () => $"listed /root: {Directory.GetFileSystemEntries("/root").Length} entries");
}

/// <summary>Connects to the loopback port given as its configuration and sends a line.</summary>
public sealed class ConnectLoopback(string? unsecureConfig) : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var port = int.Parse(unsecureConfig ?? throw new InvalidOperationException("configure the loopback port"), CultureInfo.InvariantCulture);
        Attempt.Run(serviceProvider, () =>
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            client.GetStream().Write("escaped\n"u8);
            return $"connected to 127.0.0.1:{port}";
        });
    }
}

/// <summary>Starts /bin/sh and reads what it prints.</summary>
public sealed class StartShell : IPlugin
{
    public void Execute(IServiceProvider serviceProvider) =>
        Attempt.Run(serviceProvider, () =>
        {
            var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("echo started by a plug-in");
            using var shell = Process.Start(start)!;
            var output = shell.StandardOutput.ReadToEnd().Trim();
            shell.WaitForExit();
            return $"started /bin/sh (pid {shell.Id}): {output}";
        });
}

/// <summary>
/// Starts the worker's own executable (/proc/self/exe, the dotnet host), which every confinement level leaves
/// visible: so a block here comes from the process rules, not from a missing file.
/// </summary>
public sealed class StartOwnExecutable : IPlugin
{
    public void Execute(IServiceProvider serviceProvider) =>
        Attempt.Run(serviceProvider, () =>
        {
            var start = new ProcessStartInfo("/proc/self/exe") { RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add("--version");
            using var started = Process.Start(start)!;
            var output = started.StandardOutput.ReadToEnd().Trim();
            started.WaitForExit();
            return $"started /proc/self/exe (pid {started.Id}): {output}";
        });
}

/// <summary>
/// Maps 4 GB of native memory, 64 MB at a time, without touching it: the managed heap limit does not see native
/// memory, so only the worker's RLIMIT_DATA can stop this (and a plug-in that also wrote to it would take the host's
/// RAM). Everything it got is freed before it returns.
/// </summary>
public sealed class AllocateNativeMemory : IPlugin
{
    private const int ChunkBytes = 64 * 1024 * 1024;
    private const int Chunks = 64;

    public void Execute(IServiceProvider serviceProvider)
    {
        var chunks = new List<nint>();
        try
        {
            Attempt.Run(serviceProvider, () =>
            {
                while (chunks.Count < Chunks)
                {
                    chunks.Add(System.Runtime.InteropServices.Marshal.AllocHGlobal(ChunkBytes));
                }

                return $"mapped {(long)Chunks * ChunkBytes / (1024 * 1024)} MB of native memory";
            });
        }
        finally
        {
            chunks.ForEach(System.Runtime.InteropServices.Marshal.FreeHGlobal);
        }
    }
}
