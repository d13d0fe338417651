namespace PluginHost.Benchmarks.Harness;

/// <summary>One key of SPEC §10 with its value, spread, budget and what a reader needs to trust it.</summary>
internal sealed record Figure(string Key, double? Value, string Unit, Budget Budget)
{
    public double? P25 { get; init; }

    public double? P75 { get; init; }

    /// <summary>Why the value is null, or how it was measured when that is not obvious.</summary>
    public string? Note { get; init; }

    /// <summary>Supporting numbers (per-side medians, counters), written to results.json.</summary>
    public IReadOnlyDictionary<string, object?> Details { get; init; } = new Dictionary<string, object?>();

    /// <summary>
    /// Not measured because something the figure needs is not installed here (PostgreSQL): the value is null with the
    /// reason in <see cref="Note"/>, and the run still counts as complete.
    /// </summary>
    public bool Skipped { get; init; }

    public bool? WithinBudget => Budget.Holds(Value);

    public Figure WithSpread(Distribution distribution) => this with { P25 = distribution.P25, P75 = distribution.P75 };

    /// <summary>Figures for <paramref name="keys"/> that this machine cannot measure, for <paramref name="reason"/>.</summary>
    public static IReadOnlyList<Figure> SkippedFor(IEnumerable<string> keys, string reason) =>
        keys.Select(key => new Figure(key, null, "", Budget.None) { Skipped = true, Note = $"not measured: {reason}" }).ToList();
}
