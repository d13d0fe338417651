namespace PluginHost.Benchmarks.Harness;

/// <summary>The median of a set of samples with its interquartile spread (p25, p75).</summary>
internal readonly record struct Distribution(double P25, double Median, double P75, int Count)
{
    public static Distribution Of(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("a distribution needs at least one sample", nameof(samples));
        }

        return new Distribution(Quantile(sorted, 0.25), Quantile(sorted, 0.5), Quantile(sorted, 0.75), sorted.Length);
    }

    /// <summary>Linear interpolation between the closest ranks, as most statistics packages do.</summary>
    private static double Quantile(double[] sorted, double q)
    {
        var position = (sorted.Length - 1) * q;
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (position - lower));
    }
}
