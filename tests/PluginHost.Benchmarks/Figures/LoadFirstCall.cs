using System.Diagnostics;
using PluginHost.Benchmarks.Harness;
using PluginHost.Benchmarks.Setup;

namespace PluginHost.Benchmarks.Figures;

/// <summary>
/// load_first_call_ms: one step of a trusted assembly whose content has just changed, run through the engine's step
/// runner. That makes the in-process loader read the stored blob, hash it, create a collectible context, load the
/// assembly from the bytes, construct the plug-in and call Execute once. Between samples, untimed: 'assembly update'
/// with a new variant, the registration reload that retires the old context, and the wait for its unload to be verified
/// (so that the loader's background GCs do not land inside a sample).
/// load_first_call_net462_ms: the same for the no-op plug-in compiled as Dataverse plug-ins are (net462,
/// strong-named, referencing mscorlib and Microsoft.Xrm.Sdk 9.0.0.0), whose first call also binds the .NET
/// Framework facades.
/// </summary>
internal static class LoadFirstCall
{
    public static async Task<IReadOnlyList<Figure>> MeasureAsync(BenchContext context) =>
    [
        .. await MeasureAsync(context, "load_first_call_ms", context.NoOpPluginPath),
        .. await MeasureAsync(context, "load_first_call_net462_ms", context.NoOp462PluginPath),
    ];

    private static async Task<IReadOnlyList<Figure>> MeasureAsync(BenchContext context, string key, string pluginPath)
    {
        await using var bench = context.NewEngine(key);
        bench.RegisterNoOp(pluginPath);
        bench.RegisterNoOpStep("Create", "account", 40);
        await bench.StartAsync();
        var variants = new PluginVariants(pluginPath, Path.Combine(context.Folder, key));

        const int Warmup = 5;
        var samples = new List<double>();
        var total = Warmup + context.Count(60);
        for (var sample = 0; sample < total; sample++)
        {
            bench.Registrar.Update(BenchEngine.NoOpAssembly, variants.Next(), null);
            var index = bench.Refresh();
            var retired = bench.Loader.Counters;
            if (!Unloads.WaitForVerdicts(bench.Loader, retired.UnloadsVerified + retired.UnloadsFailed + retired.UnloadsPending, TimeSpan.FromSeconds(10)))
            {
                throw new InvalidOperationException("the loader did not verify the unload of the previous version within 10 s");
            }

            var step = index.Steps.Values.Single();
            var stepContext = StepContexts.ForCreate(step, inTransaction: false);
            var loadsBefore = bench.Loader.Counters.Loads;

            var started = Stopwatch.GetTimestamp();
            bench.Engine.RunStep(stepContext);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            if (bench.Loader.Counters.Loads != loadsBefore + 1)
            {
                throw new InvalidOperationException("the step ran without loading the new content: the figure would not measure a load");
            }

            if (sample >= Warmup)
            {
                samples.Add(elapsed);
            }
        }

        var distribution = Distribution.Of(samples);
        return
        [
            new Figure(key, distribution.Median, "ms", Budget.AtMost(5))
            {
                Details = new Dictionary<string, object?> { ["samples"] = samples.Count, ["assembly_bytes"] = new FileInfo(pluginPath).Length },
            }.WithSpread(distribution),
        ];
    }
}
