using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using PluginHost.Sandbox.Protocol.Wire;

namespace PluginHost.Host.Sandbox;

/// <summary>
/// One worker process and its channel. Used by one execution at a time (the pool sees to that); the host never
/// trusts what comes back: frames are size-checked and decoded defensively, and anything odd ends the worker.
/// </summary>
internal sealed class SandboxWorker : IDisposable
{
    private const int StderrTailCharacters = 4096;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly StringBuilder _stderr;
    private readonly ConcurrentDictionary<string, bool> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _units = new(StringComparer.Ordinal);
    private readonly string _folder;
    private int _disposed;

    private SandboxWorker(int number, Process process, StringBuilder stderr, FrameChannel channel, string folder, Hello hello, TimeSpan startTime)
    {
        _stderr = stderr;
        Number = number;
        _process = process;
        Channel = channel;
        _folder = folder;
        Hello = hello;
        StartTime = startTime;
    }

    public int Number { get; }

    public FrameChannel Channel { get; }

    public Hello Hello { get; }

    /// <summary>From process start to the worker's hello.</summary>
    public TimeSpan StartTime { get; }

    public int Executions { get; set; }

    /// <summary>When the worker was last given back to the pool.</summary>
    public DateTime IdleSince { get; set; }

    /// <summary>Set when a unit it holds was updated or removed: the pool discards it instead of reusing it.</summary>
    public bool Retired { get; set; }

    public bool HasExited => _process.HasExited;

    /// <summary>The key of every unit sent to this worker (read by the pool from other threads).</summary>
    public ICollection<string> Units => _units.Keys;

    /// <summary>The last few KB the worker wrote to stderr (runtime crash messages land here).</summary>
    public string StderrTail
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts a worker and waits for its hello.</summary>
    /// <exception cref="SandboxUnavailableException">The worker did not start; the message has its error output.</exception>
    public static SandboxWorker Start(SandboxEnvironment environment, int number)
    {
        var started = Stopwatch.GetTimestamp();
        var folder = environment.CreateWorkerFolder(number);
        var socketPath = Path.Combine(folder, "s");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(1);
        environment.ChownToWorker(socketPath);

        var process = Process.Start(environment.StartInfo(folder, socketPath))
            ?? throw new SandboxUnavailableException("the sandbox worker process did not start");
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, line) => AppendTail(stderr, line.Data);
        // A plug-in may write anything to stdout; it is read and dropped so that the pipe never fills.
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        process.StandardInput.Close();

        Socket? connection = null;
        try
        {
            // A synchronous accept after polling: a socket accepted asynchronously is non-blocking underneath, and every
            // blocking read on it would then wait through the runtime's event loop, a thread hop each way.
            var deadline = DateTime.UtcNow + StartTimeout;
            while (!listener.Poll(TimeSpan.FromMilliseconds(50), SelectMode.SelectRead))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new SandboxUnavailableException(StartFailure(process, stderr, process.HasExited ? $"exited with code {process.ExitCode}" : $"did not connect within {StartTimeout.TotalSeconds:0} s"));
                }
            }

            connection = listener.Accept();
            File.Delete(socketPath);
            var channel = new FrameChannel(connection, environment.Options.MaxFrameMegabytes * 1024 * 1024);
            Hello hello;
            try
            {
                var frame = channel.Receive(StartTimeout);
                hello = frame.Type == FrameType.Hello ? Hello.Read(frame.Payload) : throw new InvalidDataException($"the first frame was {frame.Type}, not Hello");
            }
            catch (Exception exception) when (exception is TimeoutException or EndOfStreamException or InvalidDataException)
            {
                channel.Dispose();
                throw new SandboxUnavailableException(StartFailure(process, stderr, $"did not say hello ({exception.Message})"));
            }

            if (hello.ProtocolVersion != FrameChannel.ProtocolVersion)
            {
                channel.Dispose();
                throw new SandboxUnavailableException(StartFailure(process, stderr, $"speaks protocol {hello.ProtocolVersion}, the host {FrameChannel.ProtocolVersion}"));
            }

            return new SandboxWorker(number, process, stderr, channel, folder, hello, Stopwatch.GetElapsedTime(started));
        }
        catch
        {
            connection?.Dispose();
            Kill(process);
            process.Dispose();
            TryDeleteFolder(folder);
            throw;
        }
    }

    /// <summary>
    /// Sends a unit unless this worker already holds it: each of its files this worker has not been sent yet (a file
    /// shared by two units goes once), then the unit's manifest.
    /// </summary>
    public void EnsureUnit(AdmittedUnit admitted)
    {
        var unit = admitted.Unit;
        if (_units.ContainsKey(unit.Key))
        {
            return;
        }

        foreach (var file in unit.Files.Where(file => !_files.ContainsKey(file.Sha256)))
        {
            new LoadAssembly(file.Sha256, admitted.Images[file.Sha256]).Write(Channel.Begin(FrameType.LoadAssembly));
            Channel.Send();
            _files[file.Sha256] = true;
        }

        new LoadUnit(unit.Key, unit.MainFile.FileName, unit.CacheFiles).Write(Channel.Begin(FrameType.LoadUnit));
        Channel.Send();
        _units[unit.Key] = true;
    }

    /// <summary>Waits briefly for the process to end (after the channel broke) and returns its exit code, if any.</summary>
    public int? WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout) ? _process.ExitCode : null;

    /// <summary>Kills the worker's process at once, without waiting for it; <see cref="Dispose"/> still follows.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or going.
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Channel.Dispose();
        // Closing the channel ends a healthy worker; one that is busy or hostile is killed.
        if (!_process.WaitForExit(TimeSpan.FromMilliseconds(200)))
        {
            Kill(_process);
        }

        _process.Dispose();
        TryDeleteFolder(_folder);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static void AppendTail(StringBuilder tail, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (tail)
        {
            tail.Append(line).Append('\n');
            if (tail.Length > StderrTailCharacters)
            {
                tail.Remove(0, tail.Length - StderrTailCharacters);
            }
        }
    }

    private static string StartFailure(Process process, StringBuilder stderr, string what)
    {
        Thread.Sleep(50);
        string output;
        lock (stderr)
        {
            output = stderr.ToString().Trim();
        }

        return $"the sandbox worker {what}{(output.Length > 0 ? $": {output}" : "")}";
    }

    private static void TryDeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
