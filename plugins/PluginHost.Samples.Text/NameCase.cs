using System.Text;

namespace PluginHost.Samples.Text;

/// <summary>Puts personal names in title case: "jean-LUC o'neil" becomes "Jean-Luc O'Neil".</summary>
public static class NameCase
{
    /// <summary>
    /// Trims the name, collapses runs of white space to one space, and writes each word with a capital first letter
    /// and lower-case rest; a hyphen or an apostrophe starts a new word. Culture-invariant, so "McDonald" becomes
    /// "Mcdonald": names that need more than this are better left as typed.
    /// </summary>
    public static string ToTitleCase(string name)
    {
        var result = new StringBuilder(name.Length);
        var startOfWord = true;
        foreach (var character in name.Trim())
        {
            if (char.IsWhiteSpace(character))
            {
                if (result[^1] != ' ')
                {
                    result.Append(' ');
                }

                startOfWord = true;
                continue;
            }

            result.Append(startOfWord ? char.ToUpperInvariant(character) : char.ToLowerInvariant(character));
            startOfWord = character is '-' or '\'';
        }

        return result.ToString();
    }
}
