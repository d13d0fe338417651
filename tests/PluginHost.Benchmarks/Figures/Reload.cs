using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using PluginHost.Benchmarks.Harness;
using PluginHost.Benchmarks.Setup;

namespace PluginHost.Benchmarks.Figures;

/// <summary>
/// reload_collected_ratio and reload_rss_growth_mb: 500 cycles of 'assembly update' (a new variant of the no-op
/// plug-in) followed by a Create that runs its step, so that each cycle retires the previous load context and loads a
/// new one. The share is the loader's verified unloads of the contexts retired during the cycles, cross-checked with
/// the runtime's list of live contexts; the growth is resident memory after a full GC, after the cycles minus before.
/// </summary>
internal static class Reload
{
    private const int WarmupCycles = 20;

    public static async Task<IReadOnlyList<Figure>> MeasureAsync(BenchContext context)
    {
        await using var bench = context.NewEngine("reload");
        bench.RegisterNoOp(context.NoOpPluginPath);
        bench.RegisterNoOpStep("Create", "account", 40);
        await bench.StartAsync();
        var variants = new PluginVariants(context.NoOpPluginPath, context.Folder);
        var limit = TimeSpan.FromSeconds(context.Options.Quick ? 30 : 120);

        bench.Create("account");
        for (var cycle = 0; cycle < WarmupCycles; cycle++)
        {
            Cycle(bench, variants);
        }

        var before = Settle(bench, WarmupCycles, limit);
        var cycles = context.Options.Quick ? 50 : 500;
        var cycleMs = new double[cycles];
        var started = Stopwatch.GetTimestamp();
        for (var cycle = 0; cycle < cycles; cycle++)
        {
            var cycleStarted = Stopwatch.GetTimestamp();
            Cycle(bench, variants);
            cycleMs[cycle] = Stopwatch.GetElapsedTime(cycleStarted).TotalMilliseconds;
        }

        var cyclingSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        context.Progress($"{cycles} update cycles in {cyclingSeconds:0.0}s; waiting for the loader to verify the unloads");
        var waitStarted = Stopwatch.GetTimestamp();
        var after = Settle(bench, WarmupCycles + cycles, limit);
        var waitSeconds = Stopwatch.GetElapsedTime(waitStarted).TotalSeconds;

        var verified = after.Verified - before.Verified;
        var failed = after.Failed - before.Failed;
        var executions = bench.NoOpExecutions;
        var details = new Dictionary<string, object?>
        {
            ["cycles"] = cycles,
            ["verified_unloads"] = verified,
            ["failed_unloads"] = failed,
            ["pending_unloads_at_end"] = after.Pending,
            ["settled"] = after.Settled,
            ["verification_wait_s"] = Math.Round(waitSeconds, 2),
            ["live_noop_contexts_before"] = before.LiveContexts,
            ["live_noop_contexts_after"] = after.LiveContexts,
            ["step_executions_verified"] = executions,
            ["cycle_ms_median"] = Distribution.Of(cycleMs).Median,
            ["rss_before_mb"] = before.RssMb,
            ["rss_after_mb"] = after.RssMb,
            ["managed_heap_before_mb"] = before.HeapMb,
            ["managed_heap_after_mb"] = after.HeapMb,
        };
        if (executions != 1 + WarmupCycles + cycles)
        {
            throw new InvalidOperationException($"expected the step to run {1 + WarmupCycles + cycles} times, it ran {executions} times");
        }

        var note = after.Settled ? null : string.Create(CultureInfo.InvariantCulture, $"{after.Pending} unload(s) still pending after {limit.TotalSeconds:0} s");
        return
        [
            new Figure("reload_collected_ratio", (double)verified / cycles, "share", Budget.AtLeast(1.0)) { Details = details, Note = note },
            new Figure("reload_rss_growth_mb", after.RssMb - before.RssMb, "MB", Budget.AtMost(10)) { Details = details },
        ];
    }

    private static void Cycle(BenchEngine bench, PluginVariants variants)
    {
        bench.Registrar.Update(BenchEngine.NoOpAssembly, variants.Next(), null);
        bench.Refresh();
        bench.Create("account");
    }

    private static Snapshot Settle(BenchEngine bench, long retired, TimeSpan limit)
    {
        var settled = Unloads.WaitForVerdicts(bench.Loader, retired, limit);
        for (var collection = 0; collection < 3; collection++)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        var counters = bench.Loader.Counters;
        return new Snapshot(
            settled, counters.UnloadsVerified, counters.UnloadsFailed, counters.UnloadsPending, Unloads.LiveContexts(BenchEngine.NoOpAssembly),
            ResidentMegabytes(), GC.GetTotalMemory(forceFullCollection: false) / 1048576.0);
    }

    /// <summary>VmRSS from /proc (what the OS charges the process), else the working set.</summary>
    private static double ResidentMegabytes()
    {
        const string Status = "/proc/self/status";
        if (File.Exists(Status))
        {
            var line = File.ReadLines(Status).FirstOrDefault(text => text.StartsWith("VmRSS:", StringComparison.Ordinal));
            if (line is not null)
            {
                var kilobytes = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kilobytes / 1024.0;
            }
        }

        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64 / 1048576.0;
    }

    private sealed record Snapshot(bool Settled, long Verified, long Failed, long Pending, int LiveContexts, double RssMb, double HeapMb);
}
