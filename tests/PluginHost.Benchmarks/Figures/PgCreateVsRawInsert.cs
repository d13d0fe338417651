using PluginHost.Benchmarks.Harness;
using PluginHost.Benchmarks.Setup;

namespace PluginHost.Benchmarks.Figures;

/// <summary>
/// pg_create_vs_raw_insert_ratio: create_vs_raw_insert_ratio on PostgreSQL — a Create with no steps through the
/// pipeline ÷ a raw Npgsql insert of the same record (<see cref="RawPgInsert"/>) into the same database, alternated.
/// </summary>
internal static class PgCreateVsRawInsert
{
    public const string Key = "pg_create_vs_raw_insert_ratio";

    public static async Task<IReadOnlyList<Figure>> MeasureAsync(BenchContext context)
    {
        if (context.PostgresUnavailable is { } reason)
        {
            return Figure.SkippedFor([Key], reason);
        }

        var connectionString = context.NewPostgresDatabase();
        await using var bench = context.NewPostgresEngine(connectionString, "pg-create-vs-raw");
        await bench.StartAsync();
        var raw = new RawPgInsert(connectionString);
        var timings = Alternating.Measure(
            () => bench.Create("contact"),
            () => raw.Insert("contact"),
            context.Plan(warmupRounds: 3, rounds: 30, operationsPerRound: 100));
        var (fsync, synchronousCommit) = raw.Settings();

        return
        [
            new Figure(Key, timings.Ratio.Median, "ratio", Budget.AtMost(1.5))
            {
                Details = new Dictionary<string, object?>
                {
                    ["pipeline_create_us"] = timings.AMicros.Median,
                    ["raw_insert_us"] = timings.BMicros.Median,
                    ["server_fsync"] = fsync,
                    ["server_synchronous_commit"] = synchronousCommit,
                    ["ratio_of_means"] = timings.RatioOfMeans,
                    ["rounds"] = timings.A.Length,
                    ["warmup_s"] = timings.Warmup.Seconds,
                    ["warmup_jit_settled"] = timings.Warmup.Settled,
                },
            }.WithSpread(timings.Ratio),
        ];
    }
}
