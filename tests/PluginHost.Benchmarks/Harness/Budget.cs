using System.Globalization;

namespace PluginHost.Benchmarks.Harness;

/// <summary>A limit from SPEC §10 that a figure must stay within (or none, for figures reported as context).</summary>
internal sealed record Budget(Budget.Kind Comparison, double Limit)
{
    public enum Kind
    {
        None,
        AtMost,
        AtLeast,
    }

    public static Budget None { get; } = new(Kind.None, 0);

    public static Budget AtMost(double limit) => new(Kind.AtMost, limit);

    public static Budget AtLeast(double limit) => new(Kind.AtLeast, limit);

    /// <summary>True or false when there is a budget and a value; null otherwise.</summary>
    public bool? Holds(double? value) => Comparison == Kind.None || value is not { } measured
        ? null
        : Comparison == Kind.AtMost ? measured <= Limit : measured >= Limit;

    public override string ToString() => Comparison switch
    {
        Kind.AtMost => "<= " + Limit.ToString("0.0#", CultureInfo.InvariantCulture),
        Kind.AtLeast => ">= " + Limit.ToString("0.0#", CultureInfo.InvariantCulture),
        _ => "-",
    };
}
