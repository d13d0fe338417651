using PluginHost.Benchmarks;
using PluginHost.Benchmarks.Figures;
using PluginHost.Benchmarks.Harness;
using PluginHost.Benchmarks.Ipc;
using PluginHost.Benchmarks.Report;
using PluginHost.Benchmarks.Setup;

// The benchmark of SPEC §10: a program that prints figures. It exits 0 when every figure was measured, whether or not
// the budgets hold (MISSED is printed); 1 when a figure could not be measured; 2 on a bad command line.
if (args is ["--echo-server", var socketPath])
{
    return EchoServer.Run(socketPath);
}

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

var options = BenchOptions.Parse(args, out var error);
if (options is null)
{
    Console.Error.WriteLine($"error: {error}");
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var startedOn = DateTime.UtcNow;
var loadAtStart = MachineFacts.LoadAverage();
using var context = new BenchContext(options);
context.Progress($"PluginHost benchmark{(options.Quick ? " (--quick: figures are not trustworthy)" : "")}; {Environment.ProcessorCount} cores, load average {loadAtStart}");

(string Group, string[] Keys, Func<BenchContext, Task<IReadOnlyList<Figure>>> Measure)[] groups =
[
    ("scan", ["scan_mb_per_s"], ScanThroughput.MeasureAsync),
    ("ipc", ["sandbox_step_us", "raw_ipc_us", "sandbox_vs_raw_ipc_ratio"], SandboxVsRawIpc.MeasureAsync),
    ("pipeline", ["pipeline_overhead_ratio"], PipelineOverhead.MeasureAsync),
    ("raw", ["create_vs_raw_insert_ratio"], CreateVsRawInsert.MeasureAsync),
    ("dispatch", ["dispatch_10k_vs_10_ratio"], Dispatch.MeasureAsync),
    ("load", ["load_first_call_ms", "load_first_call_assembly_ms", "load_first_call_net462_ms"], LoadFirstCall.MeasureAsync),
    ("reload", ["reload_collected_ratio", "reload_rss_growth_mb"], Reload.MeasureAsync),
    ("pgraw", [PgCreateVsRawInsert.Key], PgCreateVsRawInsert.MeasureAsync),
    ("isolation", [SlowStepIsolation.PostgresKey, SlowStepIsolation.SqliteKey], SlowStepIsolation.MeasureAsync),
    ("jobs", [JobThroughput.OneHostKey, JobThroughput.TwoHostsKey], JobThroughput.MeasureAsync),
    ("propagation", [RegistrationPropagation.Key], RegistrationPropagation.MeasureAsync),
];

var figures = new List<Figure>();
var failed = false;
foreach (var (group, keys, measure) in groups.Where(group => options.Runs(group.Group)))
{
    context.Progress($"measuring {string.Join(", ", keys)}");
    try
    {
        figures.AddRange(await measure(context));
    }
#pragma warning disable CA1031 // One figure that cannot be measured must not lose the others: it is reported and the exit code says so.
    catch (Exception exception)
#pragma warning restore CA1031
    {
        failed = true;
        Console.Error.WriteLine($"error: {group}: {exception}");
        figures.AddRange(keys.Select(key => new Figure(key, null, "", Budget.None) { Note = $"not measured: {exception.GetType().Name}: {exception.Message}" }));
    }
}

context.Progress("done");
Console.WriteLine();
ResultsTable.Print(figures, Console.Out);

var output = options.OutputPath ?? Path.Combine(context.RepoRoot, "artifacts", "bench", "results.json");
var machine = MachineFacts.Collect();
ResultsJson.Write(output, figures, machine, new Dictionary<string, object?>
{
    ["started_utc"] = startedOn.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
    ["duration_s"] = Math.Round(context.Elapsed.TotalSeconds, 1),
    ["quick"] = options.Quick,
    ["groups"] = options.Only.Order(StringComparer.Ordinal).ToArray(),
    ["load_average_at_start"] = loadAtStart,
    ["load_average_at_end"] = machine["load_average"],
});
Console.WriteLine($"Wrote {output} ({Environment.ProcessorCount} cores, {machine["runtime"]}, load average {machine["load_average"]}).");
// A figure the run could not measure (the sandbox unavailable here, say) is reported with a null value and a note; one
// skipped because PostgreSQL is not installed here is reported the same way but does not fail the run.
return failed || figures.Any(figure => figure.Value is null && !figure.Skipped) ? 1 : 0;
