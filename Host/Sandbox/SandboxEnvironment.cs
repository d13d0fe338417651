using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;

namespace PluginHost.Host.Sandbox;

/// <summary>How far a worker is confined (SPEC §6).</summary>
internal enum ConfinementLevel
{
    /// <summary>seccomp filter, rlimits and heap limit, without bubblewrap.</summary>
    Basic,

    /// <summary>Basic inside bubblewrap: user, network, pid and mount namespaces; only the runtime and the runner visible.</summary>
    Strict,
}

/// <summary>
/// Where and how workers start: a private folder for the runner's files and the workers' sockets, the .NET runtime,
/// the confinement level in force and the user workers run as. Resolved once at start-up.
/// </summary>
internal sealed class SandboxEnvironment : IDisposable
{
    /// <summary>The unprivileged user (nobody) workers run as when the host runs as root.</summary>
    public const int UnprivilegedId = 65534;

    /// <summary>
    /// Private writable memory a worker may map beyond its heap limit (RLIMIT_DATA): the runtime, the JIT, thread
    /// stacks and the plug-in's native allocations. A healthy worker maps 40–60 MB of it.
    /// </summary>
    public const int NativeAllowanceMb = 256;

    private const string RunnerFileName = "sandboxrunner.dll";

    /// <summary>How setpriv drops a root host's worker to nobody; the bubblewrap probe runs the same way.</summary>
    private static readonly string[] SetprivArguments =
        [$"--reuid={UnprivilegedId}", $"--regid={UnprivilegedId}", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"];
    private const string FolderPrefix = "pluginhost-sandbox-";
    private readonly string _root;

    public SandboxEnvironment(IOptions<PluginHostOptions> options, ILogger<SandboxEnvironment> logger)
    {
        Options = options.Value.Sandbox;
        DotnetRoot = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        Dotnet = Path.Combine(DotnetRoot, "dotnet");
        DropToNobody = Environment.IsPrivilegedProcess;
        Bwrap = FindOnPath("bwrap");
        Setpriv = DropToNobody ? FindOnPath("setpriv") ?? throw new SandboxUnavailableException("the host runs as root, and workers must not: install util-linux (setpriv) so they can run as nobody") : null;
        var source = Options.RunnerPath ?? Path.Combine(AppContext.BaseDirectory, "sandbox");
        if (!File.Exists(Path.Combine(source, RunnerFileName)))
        {
            throw new SandboxUnavailableException($"the sandbox runner is missing: {Path.Combine(source, RunnerFileName)} does not exist (build or publish PluginHost.SandboxRunner, or set PluginHost:Sandbox:RunnerPath)");
        }

        if (!File.Exists(Dotnet))
        {
            throw new SandboxUnavailableException($"the .NET runtime's dotnet executable was not found at {Dotnet}");
        }

        // A private folder: the runner is copied here so that nobody (the workers' user) can read it whatever the
        // permissions of the install folder, and so that it cannot change under running workers.
        RemoveFoldersOfDeadHosts(logger);
        _root = Directory.CreateTempSubdirectory($"{FolderPrefix}{Environment.ProcessId}-").FullName;
        File.SetUnixFileMode(_root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        RunnerFolder = Directory.CreateDirectory(Path.Combine(_root, "runner")).FullName;
        File.SetUnixFileMode(RunnerFolder, ReadableFolder);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            var copy = Path.Combine(RunnerFolder, Path.GetFileName(file));
            File.Copy(file, copy);
            File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        Level = ResolveLevel(Options.Confinement, logger);
        LandlockAbi = ProbeLandlock();
        var files = LandlockAbi is { } abi ? $"landlock v{abi}" : "no landlock in this kernel";
        logger.LogInformation(
            "Sandbox confinement: {Level} ({Description}); workers run as {User}; heap limit {MemoryLimitMb} MB; timeout {TimeoutSeconds} s",
            Level,
            Level == ConfinementLevel.Strict ? $"bubblewrap namespaces + {files} + seccomp + rlimits"
                : LandlockAbi is null ? "seccomp + rlimits, no bubblewrap and no landlock: workers can read what their user can read"
                : $"{files} + seccomp + rlimits, no bubblewrap",
            DropToNobody ? "nobody" : Environment.UserName,
            Options.MemoryLimitMb,
            Options.ExecutionTimeoutSeconds);
    }

    public SandboxOptions Options { get; }

    public ConfinementLevel Level { get; }

    /// <summary>The kernel's Landlock ABI, which workers use to restrict their own file access; null without Landlock.</summary>
    public int? LandlockAbi { get; }

    public string DotnetRoot { get; }

    public string Dotnet { get; }

    public string RunnerFolder { get; }

    public bool DropToNobody { get; }

    private string? Bwrap { get; }

    private string? Setpriv { get; }

    private static UnixFileMode ReadableFolder =>
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>A new private folder for one worker's socket, writable by the worker's user only.</summary>
    public string CreateWorkerFolder(int number)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, $"w{number}")).FullName;
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        ChownToWorker(folder);
        return folder;
    }

    /// <summary>Gives a file or folder to the workers' user (when the host is root).</summary>
    public void ChownToWorker(string path)
    {
        if (DropToNobody && Chown(path, UnprivilegedId, UnprivilegedId) != 0)
        {
            throw new IOException($"cannot give {path} to the sandbox user {UnprivilegedId}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>The command line that starts one worker connecting to <paramref name="socketPath"/> in <paramref name="folder"/>.</summary>
    public ProcessStartInfo StartInfo(string folder, string socketPath)
    {
        var start = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        var arguments = start.ArgumentList;
        if (DropToNobody)
        {
            start.FileName = Setpriv!;
            foreach (var argument in SetprivArguments)
            {
                arguments.Add(argument);
            }
        }

        var environment = WorkerEnvironment(Level == ConfinementLevel.Strict ? "/tmp" : folder);
        if (Level == ConfinementLevel.Strict)
        {
            Add(start, Bwrap!);
            foreach (var argument in BwrapArguments(folder, environment))
            {
                arguments.Add(argument);
            }

            Add(start, Dotnet);
            arguments.Add("/sandbox/runner/" + RunnerFileName);
            arguments.Add("--socket");
            arguments.Add("/sandbox/ipc/" + Path.GetFileName(socketPath));
        }
        else
        {
            Add(start, Dotnet);
            arguments.Add(Path.Combine(RunnerFolder, RunnerFileName));
            arguments.Add("--socket");
            arguments.Add(socketPath);
        }

        // The files a worker may reach at all (Landlock, applied by the worker itself before any plug-in byte): what
        // a Strict worker's mount namespace shows, so Basic gets the same file view without bubblewrap.
        var strict = Level == ConfinementLevel.Strict;
        foreach (var path in (string[])["/usr/lib", "/lib", "/lib64", "/usr/lib64", DotnetRoot, strict ? "/sandbox/runner" : RunnerFolder, "/proc/self", "/dev/urandom", "/dev/random"])
        {
            arguments.Add("--read-only");
            arguments.Add(path);
        }

        foreach (var path in strict ? (string[])["/sandbox/ipc", "/tmp", "/dev/null"] : [folder, "/dev/null"])
        {
            arguments.Add("--writable");
            arguments.Add(path);
        }

        arguments.Add("--max-frame-bytes");
        arguments.Add(((long)Options.MaxFrameMegabytes * 1024 * 1024).ToString(CultureInfo.InvariantCulture));
        arguments.Add("--max-data-megabytes");
        arguments.Add(((long)Options.MemoryLimitMb + NativeAllowanceMb).ToString(CultureInfo.InvariantCulture));

        // Only what the worker needs: nothing of the host's environment (secrets, connection strings) reaches it.
        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A worker that is still exiting may hold its folder for a moment; the OS cleans /tmp.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// A host that was killed could not delete its folder (runner copy, worker sockets): folders whose host process is
    /// gone are removed when the next host starts.
    /// </summary>
    private static void RemoveFoldersOfDeadHosts(ILogger logger)
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            var rest = Path.GetFileName(folder)[FolderPrefix.Length..];
            var dash = rest.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !int.TryParse(rest[..dash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
                || Directory.Exists($"/proc/{pid}"))
            {
                continue;
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                logger.LogDebug("Could not remove the stale sandbox folder {Folder}: {Reason}", folder, exception.Message);
            }
        }
    }

    private static void Add(ProcessStartInfo start, string program)
    {
        if (string.IsNullOrEmpty(start.FileName))
        {
            start.FileName = program;
        }
        else
        {
            start.ArgumentList.Add(program);
        }
    }

    private Dictionary<string, string> WorkerEnvironment(string home) => new()
    {
        ["DOTNET_GCHeapHardLimit"] = $"0x{(long)Options.MemoryLimitMb * 1024 * 1024:X}",
        ["DOTNET_gcServer"] = "0",
        ["DOTNET_GCgen0size"] = "0x1000000",
        // A worker serves a bounded number of executions and every new one starts cold: optimized code within its
        // first executions matters more than the profile-guided code tiered PGO would reach seconds later. Measured on
        // the no-op step: its 200 executions after the first took 17–21 ms with these two settings, 23–31 ms without,
        // and the benchmark's sandbox ÷ raw IPC ratio fell from 1.82–1.90 to 1.39–1.43.
        ["DOTNET_TieredPGO"] = "0",
        ["DOTNET_TC_CallCountingDelayMs"] = "0",
        // No diagnostics IPC socket, no debugger attach: the worker serves one socket, the host's.
        ["DOTNET_EnableDiagnostics"] = "0",
        ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1",
        ["DOTNET_ROOT"] = DotnetRoot,
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["HOME"] = home,
        ["TMPDIR"] = home,
        ["PATH"] = "/usr/bin:/bin",
    };

    private List<string> BwrapArguments(string folder, Dictionary<string, string> environment)
    {
        var arguments = new List<string>
        {
            "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--ro-bind", "/usr/lib", "/usr/lib",
        };

        // Debian's merged /usr: /lib and /lib64 are links into /usr; elsewhere they are folders of their own.
        foreach (var top in (string[])["/lib", "/lib64", "/usr/lib64"])
        {
            var info = new FileInfo(top);
            if (info.LinkTarget is { } target)
            {
                arguments.AddRange(["--symlink", target, top]);
            }
            else if (Directory.Exists(top))
            {
                arguments.AddRange(["--ro-bind", top, top]);
            }
        }

        arguments.AddRange([
            "--ro-bind", DotnetRoot, DotnetRoot,
            "--ro-bind", RunnerFolder, "/sandbox/runner",
            "--bind", folder, "/sandbox/ipc",
            "--proc", "/proc",
            "--dev", "/dev",
            "--tmpfs", "/tmp",
            "--chdir", "/tmp",
            "--clearenv",
        ]);
        foreach (var (name, value) in environment)
        {
            arguments.AddRange(["--setenv", name, value]);
        }

        arguments.Add("--");
        return arguments;
    }

    private ConfinementLevel ResolveLevel(string configured, ILogger logger)
    {
        switch (configured.Trim().ToUpperInvariant())
        {
            case "STRICT":
                var error = "(bwrap) is not installed";
                return Bwrap is not null && BwrapWorks(out error)
                    ? ConfinementLevel.Strict
                    : throw new SandboxUnavailableException($"PluginHost:Sandbox:Confinement is Strict, but bubblewrap {(Bwrap is null ? error : $"does not work here: {error}")}; install it or choose Basic");
            case "BASIC":
                return ConfinementLevel.Basic;
            case "AUTO":
                if (Bwrap is null)
                {
                    logger.LogWarning("bubblewrap (bwrap) is not installed: sandbox workers get Basic confinement only");
                    return ConfinementLevel.Basic;
                }

                if (!BwrapWorks(out var reason))
                {
                    logger.LogWarning("bubblewrap is installed but does not work here ({Reason}): sandbox workers get Basic confinement only", reason);
                    return ConfinementLevel.Basic;
                }

                return ConfinementLevel.Strict;
            default:
                throw new SandboxUnavailableException($"PluginHost:Sandbox:Confinement '{configured}' is not a level: use Auto, Strict or Basic");
        }
    }

    /// <summary>Starts bubblewrap once, as workers will run it, around a program that does nothing.</summary>
    private bool BwrapWorks(out string error)
    {
        var probe = new ProcessStartInfo { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        if (DropToNobody)
        {
            probe.FileName = Setpriv!;
            foreach (var argument in (string[])[.. SetprivArguments, Bwrap!])
            {
                probe.ArgumentList.Add(argument);
            }
        }
        else
        {
            probe.FileName = Bwrap!;
        }

        foreach (var argument in (string[])["--unshare-all", "--die-with-parent", "--cap-drop", "ALL", "--ro-bind", "/", "/", "--", FindOnPath("true") ?? "/bin/true"])
        {
            probe.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(probe)!;
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                process.Kill(entireProcessTree: true);
                error = "it did not finish within 20 s";
                return false;
            }

            error = stderr.Result.Trim();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            error = exception.Message;
            return false;
        }
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/usr/sbin")
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);

    /// <summary>Asks the kernel for its Landlock ABI version (landlock_create_ruleset with the version flag).</summary>
    private static int? ProbeLandlock()
    {
        const nint createRuleset = 444; // the generic syscall table: the same on x86-64 and arm64
        const nint versionFlag = 1;
        var abi = Syscall(createRuleset, 0, 0, versionFlag);
        return abi > 0 ? (int)abi : null;
    }

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern nint Syscall(nint number, nint first, nint second, nint third);

    [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    private static extern int Chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int owner, int group);
}

/// <summary>The sandbox cannot work on this machine or with this configuration; the message says why.</summary>
internal sealed class SandboxUnavailableException(string message) : Exception(message);
