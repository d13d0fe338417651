using System.Runtime.InteropServices;

namespace PluginHost.SandboxRunner.Confinement;

/// <summary>
/// The worker's rlimits (SPEC §6): open files, size of any file it writes, private writable memory, and no core
/// dumps. Writing past the file-size limit fails in the plug-in's call rather than killing the worker.
/// </summary>
internal static partial class ResourceLimits
{
    // Resource numbers (asm-generic/resource.h), the same on x86-64 and arm64.
    private const int RlimitFileSize = 1;
    private const int RlimitData = 2;
    private const int RlimitCore = 4;
    private const int RlimitOpenFiles = 7;

    // A write past RLIMIT_FSIZE raises SIGXFSZ, whose default action kills the process, and the runtime
    // does not handle it: the worker would die with "File size limit exceeded". Ignored, the write fails
    // with EFBIG instead, which .NET turns into an ArgumentOutOfRangeException ("Specified file length
    // was too large for the file system") in the plug-in's own call.
    private const int SignalFileSizeExceeded = 25;
    private const nint SignalIgnore = 1;
    private const nint SignalError = -1;

    /// <summary>
    /// Lowers the soft and hard limits to the values given, or to the current hard limit where that is
    /// lower already; a limit is never raised. Lowering the hard limit as well means a plug-in cannot
    /// raise the soft limit back. Call before <see cref="SeccompFilter.Install"/>, which refuses rlimit
    /// changes.
    /// </summary>
    /// <param name="maxOpenFiles">Most file descriptors open at once (RLIMIT_NOFILE).</param>
    /// <param name="maxFileSizeBytes">Largest file the worker may write (RLIMIT_FSIZE).</param>
    /// <param name="maxDataBytes">
    /// Most private writable memory the worker may map (RLIMIT_DATA). The managed heap is bounded by the runtime's
    /// heap hard limit; this bounds native memory too (Marshal.AllocHGlobal, NativeMemory, memory the plug-in's
    /// unmanaged code maps), which the heap limit does not see. Reserved address space the runtime has not made
    /// writable does not count, so the runtime's large reservations still work.
    /// </param>
    /// <exception cref="InvalidOperationException">A limit could not be read or set.</exception>
    public static void Apply(int maxOpenFiles, long maxFileSizeBytes, long maxDataBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxOpenFiles);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFileSizeBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDataBytes);
        if (!OperatingSystem.IsLinux())
        {
            throw new InvalidOperationException("The worker's resource limits need Linux.");
        }

        // Before the file-size limit, so that there is no moment when reaching it kills the process.
        if (Signal(SignalFileSizeExceeded, SignalIgnore) == SignalError)
        {
            throw Failure("signal(SIGXFSZ, SIG_IGN)", Marshal.GetLastPInvokeError());
        }

        Lower(RlimitOpenFiles, "RLIMIT_NOFILE", (ulong)maxOpenFiles);
        Lower(RlimitFileSize, "RLIMIT_FSIZE", (ulong)maxFileSizeBytes);
        Lower(RlimitData, "RLIMIT_DATA", (ulong)maxDataBytes);
        Lower(RlimitCore, "RLIMIT_CORE", 0);
    }

    private static void Lower(int resource, string name, ulong requested)
    {
        if (GetRlimit(resource, out Rlimit current) != 0)
        {
            throw Failure($"getrlimit({name})", Marshal.GetLastPInvokeError());
        }

        // RLIM_INFINITY is the largest value, so Min also handles an unlimited hard limit.
        ulong limit = Math.Min(requested, current.Max);
        var lowered = new Rlimit { Current = limit, Max = limit };
        if (SetRlimit(resource, in lowered) != 0)
        {
            throw Failure($"setrlimit({name}, {limit})", Marshal.GetLastPInvokeError());
        }
    }

    private static InvalidOperationException Failure(string call, int errno) =>
        new($"Setting the worker's resource limits failed: {call} returned {Marshal.GetPInvokeErrorMessage(errno)} "
            + $"(errno {errno}); refusing to run plug-ins without them.");

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRlimit(int resource, out Rlimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetRlimit(int resource, in Rlimit limit);

    [LibraryImport("libc", EntryPoint = "signal", SetLastError = true)]
    private static partial nint Signal(int signal, nint handler);

    /// <summary>struct rlimit; rlim_t is 64 bits on both supported architectures.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Rlimit
    {
        public ulong Current;
        public ulong Max;
    }
}
