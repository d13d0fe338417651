using System.Globalization;
using System.Runtime.InteropServices;

namespace PluginHost.Benchmarks.Harness;

/// <summary>
/// Confines every thread of this process, and so every process it starts while confined, to one CPU; disposing
/// gives each thread that existed before back the CPUs it had (threads started meanwhile get the process's mask). The IPC figure runs this way: on the 2-core VM an idle peer's wake-up
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
    private readonly byte[] _process;
    private readonly Dictionary<int, byte[]> _threads;

    private OneCpu(int cpu, byte[] process, Dictionary<int, byte[]> threads)
    {
        Cpu = cpu;
        _process = process;
        _threads = threads;
    }

    /// <summary>The CPU everything runs on while confined.</summary>
    public int Cpu { get; }

    /// <summary>Confines the process to the highest-numbered CPU it may use (CPU 0 takes most interrupts).</summary>
    public static OneCpu Confine()
    {
        var process = new byte[MaskBytes];
        Check(SchedGetAffinity(Environment.ProcessId, MaskBytes, process), "read the CPU affinity");
        var threads = Threads().Select(thread => (thread, mask: new byte[MaskBytes]))
            .Where(entry => SchedGetAffinity(entry.thread, MaskBytes, entry.mask) == 0)
            .ToDictionary(entry => entry.thread, entry => entry.mask);
        var cpu = Enumerable.Range(0, MaskBytes * 8).Last(bit => (process[bit / 8] & (1 << (bit % 8))) != 0);
        var one = new byte[MaskBytes];
        one[cpu / 8] = (byte)(1 << (cpu % 8));
        var confined = new OneCpu(cpu, process, threads);
        try
        {
            // Threads started meanwhile inherit their creator's mask: a second pass catches those the first one missed.
            SetEveryThread(one);
            SetEveryThread(one);
            return confined;
        }
        catch
        {
            confined.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var thread in Threads())
        {
            // A thread that ended since the listing is simply gone (ESRCH); restoring is best effort.
            _ = SchedSetAffinity(thread, MaskBytes, _threads.GetValueOrDefault(thread, _process));
        }
    }

    private static IEnumerable<int> Threads() =>
        Directory.EnumerateDirectories("/proc/self/task").Select(task => int.Parse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture));

    private static void SetEveryThread(byte[] mask)
    {
        foreach (var thread in Threads())
        {
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
