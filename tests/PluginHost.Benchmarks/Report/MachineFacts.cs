using System.Runtime;
using System.Runtime.InteropServices;

namespace PluginHost.Benchmarks.Report;

/// <summary>What a reader needs to compare a run with another: the machine, the runtime and how busy the machine was.</summary>
internal static class MachineFacts
{
    public static Dictionary<string, object?> Collect() => new()
    {
        ["cores"] = Environment.ProcessorCount,
        ["cpu"] = CpuModel(),
        ["runtime"] = RuntimeInformation.FrameworkDescription,
        ["os"] = RuntimeInformation.OSDescription,
        ["architecture"] = RuntimeInformation.ProcessArchitecture.ToString(),
        ["server_gc"] = GCSettings.IsServerGC,
        ["load_average"] = LoadAverage(),
    };

    /// <summary>The 1, 5 and 15 minute load averages: above the core count, other work competed with the run.</summary>
    public static string? LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;

    private static string? CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
}
