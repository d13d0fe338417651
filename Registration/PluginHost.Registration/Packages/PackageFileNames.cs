using System.Text;

namespace PluginHost.Registration.Packages;

/// <summary>
/// The rules for the paths of a package's lib/ entries. The host writes a package's assemblies to disk under their
/// file names and its loader finds them by name, so every segment of a lib/ path must be a plain, portable file name:
/// not empty, not . or .., no backslash (a separator on Windows), no control character, at most 255 UTF-8 bytes (the
/// longest name Linux file systems take).
/// </summary>
internal static class PackageFileNames
{
    /// <summary>The longest file name, in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 255;

    /// <summary>True for an entry that holds an assembly: only a .dll counts (not .exe, .winmd, .so).</summary>
    public static bool IsAssembly(string entry) => entry.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);

    /// <summary>One problem per lib/ entry of <paramref name="entries"/> whose path is not made of plain file names.</summary>
    public static IEnumerable<string> Problems(IEnumerable<string> entries, string source) =>
        entries
            .Where(entry => entry.StartsWith("lib/", StringComparison.OrdinalIgnoreCase) || entry.StartsWith("lib\\", StringComparison.OrdinalIgnoreCase))
            .Select(entry => Problem(entry) is { } problem ? $"'{source}' has lib entry '{Printable(entry)}' {problem}: repack it with plain file names" : null)
            .OfType<string>();

    private static string? Problem(string entry)
    {
        if (entry.Contains('\\', StringComparison.Ordinal))
        {
            return "with a backslash, a path separator on Windows";
        }

        if (entry.Any(char.IsControl))
        {
            return "with a control character in its name";
        }

        if (entry.EndsWith('/'))
        {
            // A folder entry; zip tools write them, and they hold no bytes.
            return entry.Split('/').SkipLast(1).Any(segment => segment.Length == 0 || segment is "." or "..") ? "with an empty, . or .. path segment" : null;
        }

        foreach (var segment in entry.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or "..")
            {
                return "with an empty, . or .. path segment";
            }

            if (Encoding.UTF8.GetByteCount(segment) > MaxNameBytes)
            {
                return $"with a name longer than {MaxNameBytes} bytes";
            }
        }

        return null;
    }

    // Control characters are shown as \uXXXX, so an error message cannot rewrite the terminal.
    private static string Printable(string entry) =>
        string.Concat(entry.Select(character => char.IsControl(character) ? $"\\u{(int)character:x4}" : character.ToString()));
}
