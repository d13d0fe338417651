using System.Diagnostics;
using PluginHost.Benchmarks.Harness;
using PluginHost.Benchmarks.Setup;
using PluginHost.Registration;

namespace PluginHost.Benchmarks.Figures;

/// <summary>
/// slow_step_isolation_ratio (PostgreSQL) and slow_step_isolation_ratio_sqlite: the latency of a Create of a contact
/// while 4 Creates of an account are inside a synchronous PreOperation step that takes 200 ms
/// (TestPlugins.Pipeline.Sleeper, trusted, in-process), ÷ the same Create of a contact alone, in the same engine. Each
/// round starts the 4 account Creates on threads of their own, waits until they have started plus
/// <see cref="IntoTheStep"/> so that they are inside their step, and times one contact Create; once they are done it
/// waits <see cref="IntoTheStep"/> again with nothing running and times one more contact Create, the same way. A
/// round's ratio is its loaded Create ÷ its alone Create, a fraction of a second apart; the figure is the median of the
/// rounds' ratios with their p25 – p75, as the alternated figures report theirs (the machine's load drifts between
/// rounds, not within one).
/// </summary>
internal static class SlowStepIsolation
{
    public const string PostgresKey = "slow_step_isolation_ratio";
    public const string SqliteKey = "slow_step_isolation_ratio_sqlite";

    private const string SleeperType = "TestPlugins.Pipeline.Sleeper";
    private const int SlowCreates = 4;
    private const int StepMilliseconds = 200;

    /// <summary>
    /// How long after the 4 slow Creates started the timed Create begins: a Create reaches its PreOperation step within
    /// a few milliseconds, and leaves it 200 ms later, so the timed Create (a few milliseconds) runs while all 4 are in it.
    /// </summary>
    private static readonly TimeSpan IntoTheStep = TimeSpan.FromMilliseconds(50);

    public static async Task<IReadOnlyList<Figure>> MeasureAsync(BenchContext context)
    {
        var figures = new List<Figure>();
        if (context.PostgresUnavailable is { } reason)
        {
            figures.AddRange(Figure.SkippedFor([PostgresKey], reason));
        }
        else
        {
            await using var postgres = context.NewPostgresEngine(context.NewPostgresDatabase(), "isolation-pg");
            figures.Add(await MeasureAsync(context, postgres, PostgresKey, Budget.AtMost(1.5), rounds: 40));
        }

        // On SQLite a sync step holds the one writer for as long as it runs: the figure is reported, not budgeted.
        await using var sqlite = context.NewEngine("isolation-sqlite");
        figures.Add(await MeasureAsync(context, sqlite, SqliteKey, Budget.None, rounds: 8));
        return figures;
    }

    private static async Task<Figure> MeasureAsync(BenchContext context, BenchEngine bench, string key, Budget budget, int rounds)
    {
        bench.Registrar.Register(context.PipelinePluginPath, IsolationMode.None, "benchmark single-behaviour plug-ins");
        bench.RegisterStep(SleeperType, "Create", "account", 20, StepMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await bench.StartAsync();

        // Warm-up: the plug-in's first load, the JIT of both paths, and the pool's connections for 5 writers at once.
        for (var round = 0; round < (context.Options.Quick ? 1 : 3); round++)
        {
            Round(bench);
        }

        rounds = context.Options.Quick ? 3 : rounds;
        var results = Enumerable.Range(0, rounds).Select(_ => Round(bench)).ToList();
        var loaded = Distribution.Of(results.Select(result => result.LoadedMicros));
        var alone = Distribution.Of(results.Select(result => result.AloneMicros));
        var ratios = Distribution.Of(results.Select(result => result.LoadedMicros / result.AloneMicros));

        // The step's timer may fire a little early (199.8 ms was seen): far shorter means the step did not run.
        var quickest = results.Min(result => result.SlowCreatesMs.Min());
        if (quickest < StepMilliseconds * 0.9)
        {
            throw new InvalidOperationException($"a slow Create took {quickest:0.#} ms, far less than its {StepMilliseconds} ms step: the step did not run");
        }

        return new Figure(key, ratios.Median, "ratio", budget)
        {
            Details = new Dictionary<string, object?>
            {
                ["backend"] = bench.Database.Location.Backend.ToString(),
                ["loaded_create_us"] = loaded.Median,
                ["alone_create_us"] = alone.Median,
                ["ratio_of_medians"] = loaded.Median / alone.Median,
                ["slow_creates_ms"] = Distribution.Of(results.SelectMany(result => result.SlowCreatesMs)).Median,
                ["slow_creates_per_round"] = SlowCreates,
                ["step_ms"] = StepMilliseconds,
                ["timed_create_starts_after_ms"] = IntoTheStep.TotalMilliseconds,
                ["rounds_timed_create_ended_before_the_slow_ones"] = results.Count(result => result.EndedBeforeSlowOnes),
                ["rounds"] = rounds,
            },
        }.WithSpread(ratios);
    }

    private static RoundResult Round(BenchEngine bench)
    {
        using var started = new CountdownEvent(SlowCreates);
        var slowEnded = new long[SlowCreates];
        var slowMs = new double[SlowCreates];
        var threads = Enumerable.Range(0, SlowCreates).Select(index => new Thread(() =>
        {
            started.Signal();
            var begun = Stopwatch.GetTimestamp();
            bench.Create("account");
            slowEnded[index] = Stopwatch.GetTimestamp();
            slowMs[index] = Stopwatch.GetElapsedTime(begun).TotalMilliseconds;
        }) { IsBackground = true, Name = $"slow create {index}" }).ToList();
        threads.ForEach(thread => thread.Start());
        started.Wait();

        // Pacing, not waiting for a condition: the slow Creates give no signal from inside their plug-in.
        Thread.Sleep(IntoTheStep);
        var loadedStarted = Stopwatch.GetTimestamp();
        bench.Create("contact");
        var loadedEnded = Stopwatch.GetTimestamp();
        threads.ForEach(thread => thread.Join());

        // The same Create with nothing else running, after the same pause.
        Thread.Sleep(IntoTheStep);
        var alone = Stopwatch.GetTimestamp();
        bench.Create("contact");
        var aloneMicros = Stopwatch.GetElapsedTime(alone).TotalMicroseconds;

        return new RoundResult(
            Stopwatch.GetElapsedTime(loadedStarted, loadedEnded).TotalMicroseconds,
            aloneMicros,
            slowMs,
            slowEnded.All(ended => ended > loadedEnded));
    }

    private sealed record RoundResult(double LoadedMicros, double AloneMicros, double[] SlowCreatesMs, bool EndedBeforeSlowOnes);
}
