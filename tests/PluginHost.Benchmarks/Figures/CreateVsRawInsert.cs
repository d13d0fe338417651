using PluginHost.Benchmarks.Harness;
using PluginHost.Benchmarks.Setup;

namespace PluginHost.Benchmarks.Figures;

/// <summary>
/// create_vs_raw_insert_ratio: a Create with no steps through the pipeline ÷ a raw Dapper insert of the same record
/// (<see cref="RawInsert"/>) into the same database file, alternated.
/// </summary>
internal static class CreateVsRawInsert
{
    public static async Task<IReadOnlyList<Figure>> MeasureAsync(BenchContext context)
    {
        await using var bench = context.NewEngine("create-vs-raw");
        await bench.StartAsync();
        var raw = new RawInsert(bench.Database.FilePath);
        var timings = Alternating.Measure(
            () => bench.Create("contact"),
            () => raw.Insert("contact"),
            context.Plan(warmupRounds: 3, rounds: 40, operationsPerRound: 200));
        var settings = raw.Settings();

        return
        [
            new Figure("create_vs_raw_insert_ratio", timings.Ratio.Median, "ratio", Budget.AtMost(1.5))
            {
                Details = new Dictionary<string, object?>
                {
                    ["pipeline_create_us"] = timings.AMicros.Median,
                    ["raw_insert_us"] = timings.BMicros.Median,
                    ["raw_synchronous_pragma"] = settings.Synchronous,
                    ["raw_busy_timeout_ms"] = settings.BusyTimeout,
                    ["ratio_of_means"] = timings.RatioOfMeans,
                    ["rounds"] = timings.A.Length,
                    ["warmup_s"] = timings.Warmup.Seconds,
                    ["warmup_jit_settled"] = timings.Warmup.Settled,
                },
            }.WithSpread(timings.Ratio),
        ];
    }
}
