using PluginHost.Benchmarks.Harness;
using PluginHost.Benchmarks.Setup;

namespace PluginHost.Benchmarks.Figures;

/// <summary>
/// dispatch_10k_vs_10_ratio: a Create of an account (which has the three no-op steps of the overhead figure) in an
/// engine where 10,000 other steps are registered on other messages and entities ÷ the same where there are 10.
/// Two engines on two databases, alternated.
/// </summary>
internal static class Dispatch
{
    private static readonly string[] Messages = ["Create", "Update", "Delete", "Retrieve", "RetrieveMultiple"];
    private static readonly int[] Stages = [10, 20, 40];

    public static async Task<IReadOnlyList<Figure>> MeasureAsync(BenchContext context)
    {
        var many = context.Options.Quick ? 1_000 : 10_000;
        await using var large = await StartAsync(context, "dispatch-10k", many);
        await using var small = await StartAsync(context, "dispatch-10", 10);
        var timings = Alternating.Measure(
            () => large.Create("account"),
            () => small.Create("account"),
            context.Plan(warmupRounds: 3, rounds: 40, operationsPerRound: 200));

        return
        [
            new Figure("dispatch_10k_vs_10_ratio", timings.Ratio.Median, "ratio", Budget.AtMost(1.1))
            {
                Details = new Dictionary<string, object?>
                {
                    ["other_steps_large"] = many,
                    ["enabled_steps_large"] = large.Steps.Current.Steps.Count,
                    ["enabled_steps_small"] = small.Steps.Current.Steps.Count,
                    ["create_us_large"] = timings.AMicros.Median,
                    ["create_us_small"] = timings.BMicros.Median,
                    ["ratio_of_means"] = timings.RatioOfMeans,
                    ["rounds"] = timings.A.Length,
                    ["warmup_s"] = timings.Warmup.Seconds,
                    ["warmup_jit_settled"] = timings.Warmup.Settled,
                },
                Note = many == 10_000 ? null : $"--quick: {many} steps instead of 10,000",
            }.WithSpread(timings.Ratio),
        ];
    }

    private static async Task<BenchEngine> StartAsync(BenchContext context, string name, int otherSteps)
    {
        context.Progress($"registering {otherSteps} steps on other messages and entities");
        var bench = context.NewEngine(name);
        bench.RegisterNoOp(context.NoOpPluginPath);
        foreach (var stage in Stages)
        {
            bench.RegisterNoOpStep("Create", "account", stage);
        }

        // Spread over every built-in message, three stages and 500 other entities: the index must skip them all.
        for (var index = 0; index < otherSteps; index++)
        {
            bench.RegisterNoOpStep(Messages[index % Messages.Length], $"other_{index % 500:000}", Stages[index / Messages.Length % Stages.Length], $"other step {index}");
        }

        await bench.StartAsync();
        var registered = bench.Steps.Current.Steps.Count;
        return registered == otherSteps + Stages.Length
            ? bench
            : throw new InvalidOperationException($"expected {otherSteps + Stages.Length} enabled steps in {name}, the index has {registered}");
    }
}
