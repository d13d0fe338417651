using System.Globalization;
using System.Runtime.InteropServices;

namespace PluginHost.Benchmarks.Harness;

/// <summary>
/// Confines every thread of this process, and so every process it starts while confined, to one CPU; disposing
/// gives each thread back the CPUs it had. The IPC figure runs this way: on the 2-core VM an idle peer's wake-up
/// takes about 7 µs on the same core and about 50 µs across cores, and which one a round trip pays is the
/// scheduler's choice, made afresh every few seconds. Measured unconfined, both sides jumped between the two regimes
/// together (raw echo 17–20 µs or 45–60 µs within one run), so the ratio reported the scheduler's mood; on one core
/// both sides pay the cheap wake-up, which leaves what the product adds in plain view.
/// </summary>
internal sealed class OneCpu : IDisposable
{
    // cpu_set_t as glibc defines it: 1024 bits.
    private const int MaskBytes = 128;
    private const int Esrch = 3;
    private readonly byte[] _original;

    private OneCpu(int cpu, byte[] original)
    {
        Cpu = cpu;
        _original = original;
    }

    /// <summary>The CPU everything runs on while confined.</summary>
    public int Cpu { get; }

    /// <summary>Confines the process to the highest-numbered CPU it may use (CPU 0 takes most interrupts).</summary>
    public static OneCpu Confine()
    {
        var original = new byte[MaskBytes];
        Check(SchedGetAffinity(0, MaskBytes, original), "read the CPU affinity");
        var cpu = Enumerable.Range(0, MaskBytes * 8).Last(bit => (original[bit / 8] & (1 << (bit % 8))) != 0);
        var one = new byte[MaskBytes];
        one[cpu / 8] = (byte)(1 << (cpu % 8));

        // Threads started meanwhile inherit their creator's mask: a second pass catches those the first one missed.
        SetEveryThread(one);
        SetEveryThread(one);
        return new OneCpu(cpu, original);
    }

    public void Dispose()
    {
        SetEveryThread(_original);
    }

    private static void SetEveryThread(byte[] mask)
    {
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            var thread = int.Parse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture);

            // A thread that ended since the listing is simply gone (ESRCH).
            if (SchedSetAffinity(thread, MaskBytes, mask) != 0 && Marshal.GetLastPInvokeError() != Esrch)
            {
                Check(-1, $"set the CPU affinity of thread {thread}");
            }
        }
    }

    private static void Check(int result, string what)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"could not {what}: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    [DllImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    private static extern int SchedGetAffinity(int pid, nint size, byte[] mask);

    [DllImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static extern int SchedSetAffinity(int pid, nint size, byte[] mask);
}
