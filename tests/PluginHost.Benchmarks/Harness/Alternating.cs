using System.Diagnostics;
using System.Runtime;

namespace PluginHost.Benchmarks.Harness;

/// <summary>
/// How long to measure: warm-up rounds (discarded), measured rounds, operations per side per round. After its
/// <paramref name="WarmupRounds"/> the warm-up goes on until the JIT has been quiet for <see cref="QuietFor"/>, for at
/// most <paramref name="SettleLimit"/> (zero: no settling, as under --quick).
/// </summary>
internal sealed record RoundPlan(int WarmupRounds, int Rounds, int OperationsPerRound, TimeSpan SettleLimit)
{
    /// <summary>How long no method may have been compiled before the warm-up counts as done.</summary>
    public static readonly TimeSpan QuietFor = TimeSpan.FromSeconds(1);
}

/// <summary>What the warm-up took: rounds, seconds, and whether the JIT went quiet before the limit.</summary>
internal readonly record struct Warmup(int Rounds, double Seconds, bool Settled);

/// <summary>One side's operations in one round: their median and mean microseconds.</summary>
internal readonly record struct RoundTiming(double MedianMicros, double MeanMicros);

/// <summary>Per-round timings of two sides measured side by side, after <paramref name="Warmup"/>.</summary>
internal sealed record PairedTimings(RoundTiming[] A, RoundTiming[] B, Warmup Warmup)
{
    /// <summary>A's per-round medians.</summary>
    public Distribution AMicros => Distribution.Of(A.Select(round => round.MedianMicros));

    /// <summary>B's per-round medians.</summary>
    public Distribution BMicros => Distribution.Of(B.Select(round => round.MedianMicros));

    /// <summary>A ÷ B per round (median ÷ median): both sides of a round ran interleaved, so drift cancels.</summary>
    public Distribution Ratio => Distribution.Of(A.Zip(B, (a, b) => a.MedianMicros / b.MedianMicros));

    /// <summary>
    /// Mean of all A ÷ mean of all B: counts every slow operation (GC pauses, WAL checkpoints) that the medians
    /// leave out, and every preemption by other work on the machine too; shown beside the figure as a cross-check.
    /// </summary>
    public double RatioOfMeans => A.Sum(round => round.MeanMicros) / B.Sum(round => round.MeanMicros);
}

/// <summary>
/// Measures two operations side by side on a noisy shared machine. Each round runs A and B alternately, one
/// operation at a time (A B, then B A, then A B …), timing every operation; a round's figure is the median of its A
/// times ÷ the median of its B times. Medians ignore the operations another process preempted; interleaving one
/// operation at a time means both sides see the same machine, cache and database state. The result is the median of
/// the per-round ratios, with their p25–p75 as the spread.
/// The figures are those of a long-running host, so the warm-up lasts until tiered compilation in this process has
/// finished: a fresh process runs its hot path as unoptimized, then instrumented code for several seconds (measured
/// on one CPU: the sandboxed step took 30–55 µs in the first seconds of a new process and 18–27 µs once the JIT was
/// done), and a fixed count of warm-up rounds would measure wherever the JIT happened to be.
/// </summary>
internal static class Alternating
{
    public static PairedTimings Measure(Action a, Action b, RoundPlan plan)
    {
        var aTimes = new double[plan.OperationsPerRound];
        var bTimes = new double[plan.OperationsPerRound];
        var warmup = WarmUp(plan, round => Round(a, b, round, aTimes, bTimes));
        var aRounds = new RoundTiming[plan.Rounds];
        var bRounds = new RoundTiming[plan.Rounds];
        for (var round = 0; round < plan.Rounds; round++)
        {
            Round(a, b, round, aTimes, bTimes);
            aRounds[round] = Summarize(aTimes);
            bRounds[round] = Summarize(bTimes);
        }

        return new PairedTimings(aRounds, bRounds, warmup);
    }

    /// <summary>Per-round timings of one operation alone, for figures that are not ratios.</summary>
    public static RoundTiming[] MeasureAlone(Action operation, RoundPlan plan)
    {
        var times = new double[plan.OperationsPerRound];
        WarmUp(plan, _ => Round(operation, times));
        var rounds = new RoundTiming[plan.Rounds];
        for (var round = 0; round < plan.Rounds; round++)
        {
            Round(operation, times);
            rounds[round] = Summarize(times);
        }

        return rounds;
    }

    /// <summary>
    /// Runs the plan's warm-up rounds, then more until no method of this process has been compiled (tier-up
    /// included) for <see cref="RoundPlan.QuietFor"/>, or until the plan's settle limit.
    /// </summary>
    private static Warmup WarmUp(RoundPlan plan, Action<int> round)
    {
        var started = Stopwatch.GetTimestamp();
        var lastCompiled = started;
        var compiled = JitInfo.GetCompiledMethodCount();
        for (var count = 1; ; count++)
        {
            round(count);
            var now = JitInfo.GetCompiledMethodCount();
            if (now != compiled)
            {
                compiled = now;
                lastCompiled = Stopwatch.GetTimestamp();
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            var settled = Stopwatch.GetElapsedTime(lastCompiled) >= RoundPlan.QuietFor;
            if (count >= plan.WarmupRounds && (settled || elapsed >= plan.SettleLimit))
            {
                return new Warmup(count, elapsed.TotalSeconds, settled);
            }
        }
    }

    private static void Round(Action a, Action b, int round, double[] aTimes, double[] bTimes)
    {
        for (var index = 0; index < aTimes.Length; index++)
        {
            if ((index + round) % 2 == 0)
            {
                aTimes[index] = Time(a);
                bTimes[index] = Time(b);
            }
            else
            {
                bTimes[index] = Time(b);
                aTimes[index] = Time(a);
            }
        }
    }

    private static void Round(Action operation, double[] times)
    {
        for (var index = 0; index < times.Length; index++)
        {
            times[index] = Time(operation);
        }
    }

    private static double Time(Action operation)
    {
        var started = Stopwatch.GetTimestamp();
        operation();
        return Stopwatch.GetElapsedTime(started).TotalMicroseconds;
    }

    private static RoundTiming Summarize(double[] times) => new(Distribution.Of(times).Median, times.Average());
}
