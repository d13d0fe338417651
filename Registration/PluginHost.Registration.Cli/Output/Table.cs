namespace PluginHost.Registration.Cli.Output;

/// <summary>Writes rows as left-aligned columns under a header, for people reading a terminal.</summary>
internal static class Table
{
    public static void Write(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows, string empty, TextWriter? output = null)
    {
        output ??= Console.Out;
        var materialized = rows.Select(row => row.Select(cell => cell ?? "").ToArray()).ToList();
        if (materialized.Count == 0)
        {
            output.WriteLine(empty);
            return;
        }

        var widths = headers.Select((header, column) => Math.Max(header.Length, materialized.Max(row => row[column].Length))).ToArray();
        WriteRow(output, headers, widths);
        WriteRow(output, widths.Select(width => new string('-', width)).ToArray(), widths);
        foreach (var row in materialized)
        {
            WriteRow(output, row, widths);
        }
    }

    private static void WriteRow(TextWriter output, IReadOnlyList<string> cells, int[] widths) =>
        output.WriteLine(string.Join("  ", cells.Select((cell, column) => column == cells.Count - 1 ? cell : cell.PadRight(widths[column]))));
}
