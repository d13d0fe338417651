using PluginHost.Benchmarks.Harness;
using PluginHost.Benchmarks.Setup;

namespace PluginHost.Benchmarks.Figures;

/// <summary>
/// pipeline_overhead_ratio: a Create of an account, which has three no-op synchronous in-process steps (stages 10, 20
/// and 40), ÷ a Create of a contact, which has none; same engine, same database, same record, alternated.
/// </summary>
internal static class PipelineOverhead
{
    public static async Task<IReadOnlyList<Figure>> MeasureAsync(BenchContext context)
    {
        await using var bench = context.NewEngine("pipeline");
        bench.RegisterNoOp(context.NoOpPluginPath);
        foreach (var stage in new[] { 10, 20, 40 })
        {
            bench.RegisterNoOpStep("Create", "account", stage);
        }

        await bench.StartAsync();
        long withSteps = 0;
        var timings = Alternating.Measure(
            () =>
            {
                bench.Create("account");
                withSteps++;
            },
            () => bench.Create("contact"),
            context.Plan(warmupRounds: 3, rounds: 40, operationsPerRound: 200));

        var executions = bench.NoOpExecutions;
        if (executions != 3 * withSteps)
        {
            throw new InvalidOperationException($"expected the 3 no-op steps to run {3 * withSteps} times, but they ran {executions} times");
        }

        return
        [
            new Figure("pipeline_overhead_ratio", timings.Ratio.Median, "ratio", Budget.AtMost(1.15))
            {
                Details = new Dictionary<string, object?>
                {
                    ["with_steps_us"] = timings.AMicros.Median,
                    ["without_steps_us"] = timings.BMicros.Median,
                    ["step_executions_verified"] = executions,
                    ["ratio_of_means"] = timings.RatioOfMeans,
                    ["rounds"] = timings.A.Length,
                    ["warmup_s"] = timings.Warmup.Seconds,
                    ["warmup_jit_settled"] = timings.Warmup.Settled,
                },
            }.WithSpread(timings.Ratio),
        ];
    }
}
