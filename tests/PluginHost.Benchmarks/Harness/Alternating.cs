using System.Diagnostics;

namespace PluginHost.Benchmarks.Harness;

/// <summary>How long to measure: warm-up rounds (discarded), measured rounds, operations per side per round.</summary>
internal sealed record RoundPlan(int WarmupRounds, int Rounds, int OperationsPerRound);

/// <summary>One side's operations in one round: their median and mean microseconds.</summary>
internal readonly record struct RoundTiming(double MedianMicros, double MeanMicros);

/// <summary>Per-round timings of two sides measured side by side.</summary>
internal sealed record PairedTimings(RoundTiming[] A, RoundTiming[] B)
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
/// </summary>
internal static class Alternating
{
    public static PairedTimings Measure(Action a, Action b, RoundPlan plan)
    {
        var aTimes = new double[plan.OperationsPerRound];
        var bTimes = new double[plan.OperationsPerRound];
        var aRounds = new RoundTiming[plan.Rounds];
        var bRounds = new RoundTiming[plan.Rounds];
        for (var round = -plan.WarmupRounds; round < plan.Rounds; round++)
        {
            for (var index = 0; index < plan.OperationsPerRound; index++)
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

            if (round >= 0)
            {
                aRounds[round] = Summarize(aTimes);
                bRounds[round] = Summarize(bTimes);
            }
        }

        return new PairedTimings(aRounds, bRounds);
    }

    /// <summary>Per-round timings of one operation alone, for figures that are not ratios.</summary>
    public static RoundTiming[] MeasureAlone(Action operation, RoundPlan plan)
    {
        var times = new double[plan.OperationsPerRound];
        var rounds = new RoundTiming[plan.Rounds];
        for (var round = -plan.WarmupRounds; round < plan.Rounds; round++)
        {
            for (var index = 0; index < times.Length; index++)
            {
                times[index] = Time(operation);
            }

            if (round >= 0)
            {
                rounds[round] = Summarize(times);
            }
        }

        return rounds;
    }

    private static double Time(Action operation)
    {
        var started = Stopwatch.GetTimestamp();
        operation();
        return Stopwatch.GetElapsedTime(started).TotalMicroseconds;
    }

    private static RoundTiming Summarize(double[] times) => new(Distribution.Of(times).Median, times.Average());
}
