using System.Runtime.InteropServices;

namespace PluginHost.SandboxRunner.Confinement;

/// <summary>
/// Landlock (Linux 5.13 and later): the worker gives up access to every file outside the folders the host names —
/// read-only, the .NET runtime, the system libraries, the runner and its own /proc entry; read-write, its own folder —
/// and, from Landlock ABI 6, to abstract Unix sockets and signals outside itself. Under Basic confinement (no
/// bubblewrap) this is what stops a plug-in from reading whatever the worker's user can read; under Strict it is a
/// second wall behind the mount namespace. It cannot be undone: the kernel keeps the restriction for the process
/// and everything it could start.
/// </summary>
internal static unsafe partial class Landlock
{
    // Syscall numbers: the generic table, the same on x86-64 and arm64.
    private const nint SysCreateRuleset = 444;
    private const nint SysAddRule = 445;
    private const nint SysRestrictSelf = 446;

    private const nuint CreateRulesetVersion = 1;
    private const nuint RulePathBeneath = 1;
    private const int OpenPath = 0x200000;
    private const int OpenCloseOnExec = 0x80000;
    private const int NoSuchSyscall = 38;
    private const int NotSupported = 95;

    // Filesystem rights (linux/landlock.h) and the ABI that introduced each.
    private const ulong Execute = 1UL << 0;
    private const ulong WriteFile = 1UL << 1;
    private const ulong ReadFile = 1UL << 2;
    private const ulong ReadDirectory = 1UL << 3;
    private const ulong RightsOfAbi1 = (1UL << 13) - 1;
    private const ulong Refer = 1UL << 13;
    private const ulong Truncate = 1UL << 14;
    private const ulong IoctlDevice = 1UL << 15;
    private const ulong ReadOnly = Execute | ReadFile | ReadDirectory;

    // The rights a rule for a single file (not a folder) may carry.
    private const ulong FileRights = Execute | WriteFile | ReadFile | Truncate | IoctlDevice;

    // Scopes (ABI 6): abstract Unix sockets and signals reach only this domain.
    private const ulong ScopeAbstractUnixSocket = 1UL << 0;
    private const ulong ScopeSignal = 1UL << 1;

    /// <summary>
    /// Restricts this process to <paramref name="readOnly"/> and <paramref name="writable"/> (paths that do not exist
    /// are skipped); returns the Landlock ABI in force, or null when the kernel has no Landlock, in which case
    /// nothing changed and the caller says so in its confinement report.
    /// </summary>
    /// <exception cref="InvalidOperationException">Landlock exists but a step failed: the worker must not go on.</exception>
    public static int? Apply(IEnumerable<string> readOnly, IEnumerable<string> writable)
    {
        var abi = (int)RawSyscall(SysCreateRuleset, 0, 0, CreateRulesetVersion, 0);
        if (abi < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is NoSuchSyscall or NotSupported ? null : throw Failure("landlock_create_ruleset(version)", errno);
        }

        var handled = RightsOfAbi1 | (abi >= 2 ? Refer : 0) | (abi >= 3 ? Truncate : 0) | (abi >= 5 ? IoctlDevice : 0);
        var attributes = new RulesetAttributes { HandledAccessFs = handled, Scoped = abi >= 6 ? ScopeAbstractUnixSocket | ScopeSignal : 0 };
        // Sizes the kernel knows: the filesystem field from ABI 1, the network field from 4, scopes from 6.
        var size = abi >= 6 ? (nuint)sizeof(RulesetAttributes) : sizeof(ulong);
        var ruleset = (int)RawSyscall(SysCreateRuleset, (nint)(&attributes), size, 0, 0);
        if (ruleset < 0)
        {
            throw Failure("landlock_create_ruleset", Marshal.GetLastPInvokeError());
        }

        try
        {
            foreach (var path in readOnly)
            {
                Allow(ruleset, path, ReadOnly & handled);
            }

            foreach (var path in writable)
            {
                Allow(ruleset, path, handled);
            }

            if (NoNewPrivileges.Set() != 0)
            {
                throw Failure("prctl(PR_SET_NO_NEW_PRIVS)", Marshal.GetLastPInvokeError());
            }

            if (RawSyscall(SysRestrictSelf, ruleset, 0, 0, 0) != 0)
            {
                throw Failure("landlock_restrict_self", Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            _ = Close(ruleset);
        }

        return abi;
    }

    private static void Allow(int ruleset, string path, ulong access)
    {
        var descriptor = Open(path, OpenPath | OpenCloseOnExec);
        if (descriptor < 0)
        {
            // A path this machine does not have (no /lib64 on arm64) grants nothing, and needs nothing.
            return;
        }

        try
        {
            var rule = new PathBeneath { AllowedAccess = Directory.Exists(path) ? access : access & FileRights, ParentFd = descriptor };
            if (RawSyscall(SysAddRule, ruleset, RulePathBeneath, (nuint)(&rule), 0) != 0)
            {
                throw Failure($"landlock_add_rule({path})", Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    private static InvalidOperationException Failure(string call, int errno) =>
        new($"Restricting the worker's file access failed: {call} returned {Marshal.GetPInvokeErrorMessage(errno)} "
            + $"(errno {errno}); refusing to run plug-ins without it.");

    // syscall(2) is variadic in C; glibc's implementation only moves registers, so a fixed signature with
    // register-sized arguments is safe on both x86-64 and arm64.
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial nint RawSyscall(nint number, nint first, nuint second, nuint third, nuint fourth);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);

    /// <summary>struct landlock_ruleset_attr.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct RulesetAttributes
    {
        public ulong HandledAccessFs;
        public ulong HandledAccessNet;
        public ulong Scoped;
    }

    /// <summary>struct landlock_path_beneath_attr, which the kernel declares packed (12 bytes).</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    private struct PathBeneath
    {
        public ulong AllowedAccess;
        public int ParentFd;
    }
}
