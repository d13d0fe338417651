using System.Text.RegularExpressions;

namespace PluginHost.Registration.Store;

/// <summary>Rules for the logical names of entities, attributes, image aliases and messages.</summary>
public static partial class Names
{
    /// <summary>Longest logical name accepted.</summary>
    public const int MaxLength = 128;

    /// <summary>True for a letter or underscore followed by letters, digits or underscores, at most 128 characters.</summary>
    public static bool IsValidLogicalName(string? name) => name is { Length: > 0 and <= MaxLength } && LogicalName().IsMatch(name);

    /// <summary>Splits a comma-separated list, trimming blanks and dropping empty entries.</summary>
    public static IReadOnlyList<string> SplitList(string? list) =>
        string.IsNullOrWhiteSpace(list)
            ? []
            : list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    // \z, not $: $ also matches before a final newline, and "account\n" must not pass as "account".
    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_]*\z")]
    private static partial Regex LogicalName();
}
