using System.Diagnostics;
using PluginHost.Benchmarks.Harness;
using PluginHost.Benchmarks.Setup;

namespace PluginHost.Benchmarks.Figures;

/// <summary>
/// load_first_call_ms: one step of a trusted plug-in package whose content has just changed (PackageFixtures.PluginA,
/// whose plug-in calls its dependency PackageFixtures.Greeting), run through the engine's step runner. That makes the
/// in-process loader read the changed blob from the store, write it to the plug-in cache (the dependency's blob is there
/// already) and lay out the new unit's folder, create McMaster's loader and its collectible context, load the plug-in
/// assembly from memory, construct the plug-in and call Execute once, which loads the dependency. Between samples,
/// untimed: 'package update' with a new variant, the registration reload that retires the old context, and the wait for
/// its unload to be verified (so that the loader's background GCs do not land inside a sample).
/// load_first_call_assembly_ms: the same for a lone assembly, the no-op plug-in (what load_first_call_ms measured before
/// packages; its Execute is empty, so the figure is the loader's cost without the plug-in's own first-call JIT).
/// load_first_call_net462_ms: the same for the no-op plug-in compiled as Dataverse plug-ins are
/// (net462, strong-named, referencing mscorlib and Microsoft.Xrm.Sdk 9.0.0.0), whose first call also binds the .NET
/// Framework facades.
/// </summary>
internal static class LoadFirstCall
{
    public static async Task<IReadOnlyList<Figure>> MeasureAsync(BenchContext context) =>
    [
        .. await MeasurePackageAsync(context, "load_first_call_ms"),
        .. await MeasureAssemblyAsync(context, "load_first_call_assembly_ms", context.NoOpPluginPath),
        .. await MeasureAssemblyAsync(context, "load_first_call_net462_ms", context.NoOp462PluginPath),
    ];

    private static async Task<IReadOnlyList<Figure>> MeasurePackageAsync(BenchContext context, string key)
    {
        await using var bench = context.NewEngine(key);
        var package = bench.RegisterPackage(context.PluginAPackagePath);
        bench.RegisterStep(BenchEngine.PluginAType, "Create", "account", 40);
        await bench.StartAsync();
        var variants = new PackageVariants(context.PluginAPackagePath, BenchEngine.PluginAPackage + ".dll", Path.Combine(context.Folder, key));
        var samples = Measure(context, bench, () => bench.Packages.Update(BenchEngine.PluginAPackage, variants.Next(), isolation: null));
        var distribution = Distribution.Of(samples);
        return
        [
            new Figure(key, distribution.Median, "ms", Budget.AtMost(5))
            {
                Details = new Dictionary<string, object?>
                {
                    ["samples"] = samples.Count,
                    ["package"] = $"{package.Name} {package.Version}",
                    ["files"] = string.Join(", ", package.Assemblies.Select(assembly => assembly.FileName)),
                    ["plugin_bytes"] = variants.PluginBytes,
                    ["loader"] = "McMaster.NETCore.Plugins 2.0.0, LoadInMemory, from the content-addressed plug-in cache",
                },
            }.WithSpread(distribution),
        ];
    }

    private static async Task<IReadOnlyList<Figure>> MeasureAssemblyAsync(BenchContext context, string key, string pluginPath)
    {
        await using var bench = context.NewEngine(key);
        bench.RegisterNoOp(pluginPath);
        bench.RegisterNoOpStep("Create", "account", 40);
        await bench.StartAsync();
        var variants = new PluginVariants(pluginPath, Path.Combine(context.Folder, key));
        var samples = Measure(context, bench, () => bench.Registrar.Update(BenchEngine.NoOpAssembly, variants.Next(), null));
        var distribution = Distribution.Of(samples);
        return
        [
            new Figure(key, distribution.Median, "ms", Budget.AtMost(5))
            {
                Details = new Dictionary<string, object?> { ["samples"] = samples.Count, ["assembly_bytes"] = new FileInfo(pluginPath).Length },
            }.WithSpread(distribution),
        ];
    }

    /// <summary>Samples of the first call after each <paramref name="update"/>, after a few untimed warm-up ones.</summary>
    private static List<double> Measure(BenchContext context, BenchEngine bench, Action update)
    {
        const int Warmup = 5;
        var samples = new List<double>();
        var total = Warmup + context.Count(60);
        for (var sample = 0; sample < total; sample++)
        {
            update();
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

        return samples;
    }
}
