using System.Runtime.InteropServices;

namespace PluginHost.SandboxRunner.Confinement;

/// <summary>
/// PR_SET_NO_NEW_PRIVS: from here on neither this process nor anything it could start gains privileges through
/// set-uid programs or file capabilities. Both seccomp (without CAP_SYS_ADMIN) and Landlock require it.
/// </summary>
internal static partial class NoNewPrivileges
{
    private const int PrSetNoNewPrivs = 38;

    /// <summary>Sets the flag for the calling thread (and what it starts); 0 on success, -1 with errno set.</summary>
    public static int Set() => Prctl(PrSetNoNewPrivs, 1, 0, 0, 0);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
