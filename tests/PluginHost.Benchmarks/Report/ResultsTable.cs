using System.Globalization;
using PluginHost.Benchmarks.Harness;

namespace PluginHost.Benchmarks.Report;

/// <summary>The figures as a plain-text table: key, value, spread, budget and whether the budget holds.</summary>
internal static class ResultsTable
{
    public static void Print(IReadOnlyList<Figure> figures, TextWriter output)
    {
        string[] header = ["key", "value", "p25 - p75", "budget", "within budget"];
        var rows = figures.Select(figure => new[]
        {
            figure.Key,
            figure.Value is { } value ? $"{Format(value)} {figure.Unit}" : "n/a",
            figure.P25 is { } p25 && figure.P75 is { } p75 ? $"{Format(p25)} - {Format(p75)}" : "",
            figure.Budget.ToString(),
            figure.WithinBudget switch { true => "yes", false => "MISSED", null => figure.Value is null ? (figure.Skipped ? "n/a (skipped)" : "n/a (not measured)") : "-" },
        }).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(column => rows.Prepend(header).Max(row => row[column].Length)).ToArray();
        void Line(string[] cells) => output.WriteLine(string.Join("  ", cells.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd());

        Line(header);
        Line(widths.Select(width => new string('-', width)).ToArray());
        rows.ForEach(Line);
        foreach (var figure in figures.Where(figure => figure.Note is not null))
        {
            output.WriteLine($"  {figure.Key}: {figure.Note}");
        }

        var missed = figures.Where(figure => figure.WithinBudget == false).Select(figure => figure.Key).ToList();
        output.WriteLine(missed.Count == 0 ? "All measured figures are within budget." : $"MISSED budget: {string.Join(", ", missed)}");
    }

    /// <summary>Three significant digits at most, never scientific notation.</summary>
    public static string Format(double value) => Math.Abs(value) switch
    {
        >= 100 => value.ToString("0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        >= 1 => value.ToString("0.00", CultureInfo.InvariantCulture),
        _ => value.ToString("0.000", CultureInfo.InvariantCulture),
    };
}
