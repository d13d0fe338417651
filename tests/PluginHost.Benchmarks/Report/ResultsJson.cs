using System.Text.Json;
using PluginHost.Benchmarks.Harness;

namespace PluginHost.Benchmarks.Report;

/// <summary>
/// results.json: every key of SPEC §10 at the top level with its value (null when not measured), then per-key
/// details (spread, budget, verdict, supporting numbers), the machine facts and the run.
/// </summary>
internal static class ResultsJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(string path, IReadOnlyList<Figure> figures, IReadOnlyDictionary<string, object?> machine, IReadOnlyDictionary<string, object?> run)
    {
        var document = new Dictionary<string, object?>();
        foreach (var figure in figures)
        {
            document[figure.Key] = Round(figure.Value);
        }

        document["details"] = figures.ToDictionary(figure => figure.Key, figure => (object?)new Dictionary<string, object?>
        {
            ["value"] = Round(figure.Value),
            ["unit"] = figure.Unit,
            ["p25"] = Round(figure.P25),
            ["p75"] = Round(figure.P75),
            ["budget"] = figure.Budget.Comparison == Budget.Kind.None ? null : figure.Budget.ToString(),
            ["within_budget"] = figure.WithinBudget,
            ["note"] = figure.Note,
            ["skipped"] = figure.Skipped,
            ["measured"] = figure.Details.ToDictionary(pair => pair.Key, pair => pair.Value is double number ? Round(number) : pair.Value),
        });
        document["machine"] = machine;
        document["run"] = run;

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(document, Indented) + "\n");
    }

    private static double? Round(double? value) => value is { } number ? Math.Round(number, 4) : null;
}
