using System.Runtime.InteropServices;

namespace PluginHost.SandboxRunner.Confinement;

/// <summary>
/// The worker's seccomp filter (SPEC §6): no network sockets other than AF_UNIX, no new processes, no
/// signals to other processes, and none of the kernel interfaces a plug-in has no business with.
/// </summary>
/// <remarks>
/// The filter allows by default. The runtime makes many different syscalls, and new runtime versions add
/// more, so an allow-list would break in ways that are hard to diagnose; what the sandbox needs is the
/// short list below of ways to reach the network, start or touch another process, or undo confinement.
/// Install it once, early in Main, after <see cref="ResourceLimits.Apply"/>: the filter refuses rlimit
/// changes, so that a plug-in cannot raise its limits back.
/// </remarks>
internal static partial class SeccompFilter
{
    // Classic BPF opcodes (linux/bpf_common.h): class | size | mode for loads, class | operation | source
    // for jumps and returns.
    private const ushort BpfLd = 0x00;
    private const ushort BpfW = 0x00;
    private const ushort BpfAbs = 0x20;
    private const ushort BpfJmp = 0x05;
    private const ushort BpfJeq = 0x10;
    private const ushort BpfJset = 0x40;
    private const ushort BpfRet = 0x06;
    private const ushort BpfK = 0x00;

    internal const ushort LoadWordAbsolute = BpfLd | BpfW | BpfAbs;
    internal const ushort JumpIfEqual = BpfJmp | BpfJeq | BpfK;
    internal const ushort JumpIfAnyBitSet = BpfJmp | BpfJset | BpfK;
    internal const ushort ReturnConstant = BpfRet | BpfK;

    // The filter reads struct seccomp_data { int nr; u32 arch; u64 instruction_pointer; u64 args[6]; }.
    // Both supported architectures are little-endian, so an argument's low 32 bits come first.
    internal const uint SyscallNumberOffset = 0;
    internal const uint ArchitectureOffset = 4;
    internal const uint ArgumentsOffset = 16;
    internal const uint ArgumentSize = 8;
    private const uint HighHalfOffset = 4;

    // Filter results (linux/seccomp.h). The low 16 bits of SECCOMP_RET_ERRNO carry the errno.
    internal const uint ReturnKillProcess = 0x80000000;
    internal const uint ReturnErrno = 0x00050000;
    internal const uint ReturnAllow = 0x7fff0000;
    internal const uint ReturnDataMask = 0x0000ffff;

    // seccomp_data.arch values (linux/audit.h): the ELF machine plus 64-bit and little-endian flags.
    private const uint AuditArch64Bit = 0x80000000;
    private const uint AuditArchLittleEndian = 0x40000000;
    private const uint ElfMachineX8664 = 62;
    private const uint ElfMachineAarch64 = 183;
    internal const uint AuditArchX8664 = ElfMachineX8664 | AuditArch64Bit | AuditArchLittleEndian;
    internal const uint AuditArchAarch64 = ElfMachineAarch64 | AuditArch64Bit | AuditArchLittleEndian;

    // An x86-64 process can make x32-ABI syscalls: the same arch value, numbers with this bit set, and
    // a different table, so none of the numbers below would match them.
    internal const uint X32SyscallBit = 0x40000000;

    // errno values, the same on both architectures (asm-generic/errno-base.h, asm-generic/errno.h).
    internal const uint Eperm = 1;
    internal const uint Enosys = 38;

    private const uint AfUnix = 1;

    // clone() flags (linux/sched.h). A clone with CLONE_THREAD joins this thread group (the kernel
    // insists on CLONE_SIGHAND and CLONE_VM with it), so it is a thread, never a new process.
    private const uint CloneThread = 0x00010000;
    private const uint CloneNewNamespace = 0x00020000;
    private const uint CloneNewCgroup = 0x02000000;
    private const uint CloneNewUts = 0x04000000;
    private const uint CloneNewIpc = 0x08000000;
    private const uint CloneNewUser = 0x10000000;
    private const uint CloneNewPid = 0x20000000;
    private const uint CloneNewNetwork = 0x40000000;
    private const uint CloneAnyNewNamespace = CloneNewNamespace | CloneNewCgroup | CloneNewUts | CloneNewIpc
        | CloneNewUser | CloneNewPid | CloneNewNetwork;

    private const nuint SeccompSetModeFilter = 1;
    private const nuint SeccompFilterFlagTsync = 1;

    // Syscall numbers from the kernel's uapi headers: asm/unistd_64.h for x86-64, asm-generic/unistd.h
    // for arm64 (which has no fork or vfork: its libc forks with clone).
    private static readonly Syscall Seccomp = new("seccomp", 317, 277);
    private static readonly Syscall Clone = new("clone", 56, 220);
    private static readonly Syscall Clone3 = new("clone3", 435, 435);
    private static readonly Syscall PrLimit64 = new("prlimit64", 302, 261);

    /// <summary>Socket creation, allowed for AF_UNIX only.</summary>
    private static readonly Syscall[] UnixOnlySockets = [new("socket", 41, 198), new("socketpair", 53, 199)];

    /// <summary>Signals that name their target process in the first argument: allowed to this process only.</summary>
    private static readonly Syscall[] SignalsToProcess =
    [
        new("kill", 62, 129),
        new("tgkill", 234, 131),
        new("rt_sigqueueinfo", 129, 138),
        new("rt_tgsigqueueinfo", 297, 240),
    ];

    /// <summary>Refused with EPERM whatever the arguments.</summary>
    private static readonly Syscall[] Forbidden =
    [
        // New programs and processes. clone and clone3 have their own rules.
        new("execve", 59, 221),
        new("execveat", 322, 281),
        new("fork", 57, null),
        new("vfork", 58, null),
        // Signals by thread id (any thread on the machine) or through a pidfd, and stealing another
        // process's file descriptors.
        new("tkill", 200, 130),
        new("pidfd_send_signal", 424, 424),
        new("pidfd_getfd", 438, 438),
        // Reading or changing other processes.
        new("ptrace", 101, 117),
        new("process_vm_readv", 310, 270),
        new("process_vm_writev", 311, 271),
        // Undoing the bubblewrap confinement: mounts (old and new API), namespaces, root directory.
        new("mount", 165, 40),
        new("umount2", 166, 39),
        new("pivot_root", 155, 41),
        new("chroot", 161, 51),
        new("unshare", 272, 97),
        new("setns", 308, 268),
        new("open_tree", 428, 428),
        new("move_mount", 429, 429),
        new("fsopen", 430, 430),
        new("fsconfig", 431, 431),
        new("fsmount", 432, 432),
        new("fspick", 433, 433),
        new("mount_setattr", 442, 442),
        // Raising rlimits again (prlimit64 has its own rule, so that reading limits keeps working).
        new("setrlimit", 160, 164),
        // Kernel attack surface no plug-in needs. io_uring can also open sockets without socket().
        new("bpf", 321, 280),
        new("perf_event_open", 298, 241),
        new("userfaultfd", 323, 282),
        new("io_uring_setup", 425, 425),
        new("io_uring_enter", 426, 426),
        new("io_uring_register", 427, 427),
        new("keyctl", 250, 219),
        new("add_key", 248, 217),
        new("request_key", 249, 218),
        new("personality", 135, 92),
        // The machine itself.
        new("kexec_load", 246, 104),
        new("kexec_file_load", 320, 294),
        new("init_module", 175, 105),
        new("finit_module", 313, 273),
        new("delete_module", 176, 106),
        new("reboot", 169, 142),
        new("swapon", 167, 224),
        new("swapoff", 168, 225),
    ];

    /// <summary>
    /// Installs the filter on every thread of this process (the runtime already has several when Main
    /// runs). It cannot be removed again, and it is inherited by every thread created later.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The filter could not be installed, or this is not Linux on x64 or arm64; the worker must not run
    /// plug-ins then.
    /// </exception>
    public static unsafe void Install()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new InvalidOperationException(
                "The seccomp filter needs Linux; refusing to run plug-ins without it.");
        }

        Architecture architecture = RuntimeInformation.ProcessArchitecture;
        Instruction[] program = BuildProgram(architecture, Environment.ProcessId);

        // The kernel refuses a filter from a process without CAP_SYS_ADMIN unless no_new_privs is set,
        // so that a filtered process cannot make a set-uid program misbehave. Only this thread gets the
        // flag here; TSYNC below copies it to the others along with the filter.
        if (NoNewPrivileges.Set() != 0)
        {
            throw Failure("prctl(PR_SET_NO_NEW_PRIVS)", Marshal.GetLastPInvokeError());
        }

        fixed (Instruction* instructions = program)
        {
            var filter = new FilterProgram { Length = checked((ushort)program.Length), Instructions = instructions };
            nint result = RawSyscall(
                SyscallNumberOn(Seccomp, architecture), SeccompSetModeFilter, SeccompFilterFlagTsync, &filter);
            if (result == -1)
            {
                throw Failure("seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC)", Marshal.GetLastPInvokeError());
            }

            if (result != 0)
            {
                // With TSYNC a positive result is the id of a thread that could not be synchronised
                // (it has a filter of its own that is not an ancestor of ours); nothing was installed.
                throw new InvalidOperationException(
                    $"The seccomp filter was not installed: thread {result} could not be synchronised "
                    + "(it has a different filter); refusing to run plug-ins without the filter.");
            }
        }
    }

    /// <summary>
    /// The filter for <paramref name="architecture"/>, letting signals through to <paramref name="ownPid"/>
    /// only (the pid as this process sees it, which inside a pid namespace is the namespaced one).
    /// </summary>
    internal static Instruction[] BuildProgram(Architecture architecture, int ownPid)
    {
        uint auditArch = architecture switch
        {
            Architecture.X64 => AuditArchX8664,
            Architecture.Arm64 => AuditArchAarch64,
            _ => throw new InvalidOperationException(
                $"The seccomp filter knows the syscall numbers of x64 and arm64 only, and this worker runs on "
                + $"{architecture}; refusing to run plug-ins without the filter."),
        };
        uint deny = Errno(Eperm);
        var bpf = new BpfBuilder();

        // A syscall number means something else under another ABI (i386 through int 0x80 on x86-64),
        // so anything but the native ABI is killed rather than matched against the wrong table.
        bpf.Load(ArchitectureOffset);
        bpf.Jump(JumpIfEqual, auditArch, ifTrue: 1, ifFalse: 0);
        bpf.Return(ReturnKillProcess);

        bpf.Load(SyscallNumberOffset);
        if (architecture == Architecture.X64)
        {
            bpf.Jump(JumpIfAnyBitSet, X32SyscallBit, ifTrue: 0, ifFalse: 1);
            bpf.Return(ReturnKillProcess);
        }

        // Network sockets: only AF_UNIX (the host protocol). The kernel reads the domain as an int, so
        // the low 32 bits are what counts.
        foreach (Syscall socket in UnixOnlySockets)
        {
            bpf.ForSyscall(SyscallNumberOn(socket, architecture), rule => AllowIfFirstArgumentIs(rule, AfUnix, deny));
        }

        // Threads yes, processes no. Namespaces are refused here as they are through unshare.
        bpf.ForSyscall(SyscallNumberOn(Clone, architecture), rule =>
        {
            rule.Load(ArgumentsOffset);
            rule.Jump(JumpIfAnyBitSet, CloneAnyNewNamespace, ifTrue: 2, ifFalse: 0); // to deny
            rule.Jump(JumpIfAnyBitSet, CloneThread, ifTrue: 0, ifFalse: 1);          // allow : deny
            rule.Return(ReturnAllow);
            rule.Return(deny);
        });

        // clone3 passes its flags in memory, which a filter cannot read. ENOSYS (not EPERM) makes glibc
        // (2.34 and later) fall back to clone for pthread_create, where the rule above can see them.
        bpf.ForSyscall(SyscallNumberOn(Clone3, architecture), rule => rule.Return(Errno(Enosys)));

        // The runtime signals its own threads (tgkill) to suspend them for the GC, and a plug-in may
        // signal itself; any other target is refused. A pid is an int to the kernel, so the low 32 bits
        // are the whole of it.
        foreach (Syscall signal in SignalsToProcess)
        {
            bpf.ForSyscall(SyscallNumberOn(signal, architecture), rule => AllowIfFirstArgumentIs(rule, (uint)ownPid, deny));
        }

        // prlimit64 also reads limits (glibc's getrlimit uses it, as does pthread_getattr_np): allowed
        // only when the new-limit pointer, the third argument, is NULL.
        bpf.ForSyscall(SyscallNumberOn(PrLimit64, architecture), rule =>
        {
            const uint newLimit = ArgumentsOffset + (2 * ArgumentSize);
            rule.Load(newLimit);
            rule.Jump(JumpIfEqual, 0, ifTrue: 0, ifFalse: 3);     // low half zero? then check high : deny
            rule.Load(newLimit + HighHalfOffset);
            rule.Jump(JumpIfEqual, 0, ifTrue: 0, ifFalse: 1);     // allow : deny
            rule.Return(ReturnAllow);
            rule.Return(deny);
        });

        foreach (Syscall forbidden in Forbidden)
        {
            if (forbidden.NumberOn(architecture) is int number)
            {
                bpf.ForSyscall(number, rule => rule.Return(deny));
            }
        }

        bpf.Return(ReturnAllow);
        return bpf.ToArray();
    }

    private static void AllowIfFirstArgumentIs(BpfBuilder rule, uint value, uint otherwise)
    {
        rule.Load(ArgumentsOffset);
        rule.Jump(JumpIfEqual, value, ifTrue: 0, ifFalse: 1); // allow : otherwise
        rule.Return(ReturnAllow);
        rule.Return(otherwise);
    }

    private static uint Errno(uint errno) => ReturnErrno | (errno & ReturnDataMask);

    private static int SyscallNumberOn(Syscall syscall, Architecture architecture) =>
        syscall.NumberOn(architecture)
        ?? throw new InvalidOperationException($"{syscall.Name} has no syscall number on {architecture}.");

    private static InvalidOperationException Failure(string call, int errno) =>
        new($"Installing the seccomp filter failed: {call} returned {Marshal.GetPInvokeErrorMessage(errno)} "
            + $"(errno {errno}); refusing to run plug-ins without the filter.");

    // syscall(2) is variadic in C; glibc's implementation only moves registers, so a fixed signature
    // with register-sized arguments is safe on both x86-64 and arm64.
    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static unsafe partial nint RawSyscall(nint number, nuint operation, nuint flags, FilterProgram* program);

    /// <summary>A syscall's number on each supported architecture; null where it does not exist.</summary>
    private sealed record Syscall(string Name, int? X64, int? Arm64)
    {
        public int? NumberOn(Architecture architecture) => architecture == Architecture.X64 ? X64 : Arm64;
    }

    /// <summary>struct sock_filter: one classic-BPF instruction.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal readonly struct Instruction(ushort code, byte jumpIfTrue, byte jumpIfFalse, uint k)
    {
        public readonly ushort Code = code;
        public readonly byte JumpIfTrue = jumpIfTrue;
        public readonly byte JumpIfFalse = jumpIfFalse;
        public readonly uint K = k;
    }

    /// <summary>struct sock_fprog: the program handed to the kernel.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct FilterProgram
    {
        public ushort Length;
        public Instruction* Instructions;
    }

    /// <summary>
    /// Appends instructions. Each syscall's rule is a block that a test of the syscall number jumps over,
    /// so the rules read top to bottom and no jump offset spans more than one rule.
    /// </summary>
    private sealed class BpfBuilder
    {
        private readonly List<Instruction> _program = [];

        public void Load(uint offset) => _program.Add(new Instruction(LoadWordAbsolute, 0, 0, offset));

        public void Jump(ushort condition, uint operand, byte ifTrue, byte ifFalse) =>
            _program.Add(new Instruction(condition, ifTrue, ifFalse, operand));

        public void Return(uint action) => _program.Add(new Instruction(ReturnConstant, 0, 0, action));

        /// <summary>
        /// Emits <paramref name="rule"/> to run for syscall <paramref name="number"/> only; other syscalls
        /// jump over it with the syscall number still loaded. The rule must end in a return, so that it
        /// never falls into the next rule with an argument loaded instead of the syscall number.
        /// </summary>
        public void ForSyscall(int number, Action<BpfBuilder> rule)
        {
            int test = _program.Count;
            Jump(JumpIfEqual, (uint)number, ifTrue: 0, ifFalse: 0);
            rule(this);
            int ruleLength = _program.Count - test - 1;
            if (ruleLength is 0 or > byte.MaxValue || _program[^1].Code != ReturnConstant)
            {
                throw new InvalidOperationException(
                    $"The seccomp rule for syscall {number} must be 1 to {byte.MaxValue} instructions ending in a return.");
            }

            _program[test] = new Instruction(JumpIfEqual, 0, (byte)ruleLength, (uint)number);
        }

        public Instruction[] ToArray() => [.. _program];
    }
}
