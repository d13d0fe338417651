using System.Runtime.CompilerServices;

namespace PluginHost.Registration.Scanning;

/// <summary>
/// A disallowed-list pattern whose only wildcard is <c>*</c> (any run of characters, none included), matched over the
/// whole text. Hand-written rather than a regular expression: a scanner is built per registration, and compiling a
/// regex per pattern cost more than the scan itself.
/// </summary>
internal sealed class Glob(string pattern)
{
    private readonly int _firstStar = pattern.IndexOf('*', StringComparison.Ordinal);

    /// <summary>True when the whole of <paramref name="text"/> matches.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool IsMatch(ReadOnlySpan<char> text)
    {
        // Two fingers with backtracking to the last '*' seen: with no other wildcard, letting that '*' take one more
        // character is the only choice worth retrying, so this is linear for the patterns of a disallowed list.
        var p = 0;
        var t = 0;
        var star = -1;
        var starText = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                starText = t;
            }
            else if (p < pattern.Length && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++starText;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>
    /// True when some text that starts with <paramref name="start"/> followed by <paramref name="more"/> could match:
    /// the literal part before the first <c>*</c> agrees with it (past a <c>*</c> anything can follow).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool CanMatchStartingWith(ReadOnlySpan<char> start, ReadOnlySpan<char> more)
    {
        var literal = _firstStar < 0 ? pattern.AsSpan() : pattern.AsSpan(0, _firstStar);
        if (_firstStar < 0 && start.Length + more.Length > literal.Length)
        {
            return false;
        }

        var first = Math.Min(start.Length, literal.Length);
        if (!start[..first].SequenceEqual(literal[..first]))
        {
            return false;
        }

        var second = Math.Min(more.Length, literal.Length - first);
        return more[..second].SequenceEqual(literal.Slice(first, second));
    }
}
