using System.Runtime.CompilerServices;

namespace PluginHost.Registration.Scanning;

/// <summary>
/// The disallowed list ready for matching: exact type names in a dictionary, wildcard types and member patterns as
/// <see cref="Glob"/>s. Immutable once built; the scan caches answers per metadata handle.
/// </summary>
internal sealed class RuleSet
{
    private readonly Dictionary<string, DisallowedApi> _exactTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DisallowedApi>.AlternateLookup<ReadOnlySpan<char>> _exactTypePrefixes;
    private readonly List<(Glob Pattern, DisallowedApi Rule)> _wildcardTypes = [];
    private readonly List<(Glob Pattern, bool WithParameters, DisallowedApi Rule)> _members = [];

    public RuleSet(IEnumerable<DisallowedApi> rules)
    {
        foreach (var rule in rules)
        {
            switch (rule.Pattern)
            {
                case DisallowedApi.UnsafePointer:
                    UnsafePointer = rule;
                    break;
                case DisallowedApi.FunctionPointer:
                    FunctionPointer = rule;
                    break;
                case DisallowedApi.PInvoke:
                    PInvoke = rule;
                    break;
                case var pattern when pattern.Contains("::", StringComparison.Ordinal):
                    _members.Add((new Glob(pattern), pattern.Contains('(', StringComparison.Ordinal), rule));
                    break;
                case var pattern when pattern.Contains('*', StringComparison.Ordinal):
                    _wildcardTypes.Add((new Glob(pattern), rule));
                    break;
                default:
                    _exactTypes.TryAdd(rule.Pattern, rule);
                    break;
            }
        }

        _exactTypePrefixes = _exactTypes.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public DisallowedApi? UnsafePointer { get; }

    public DisallowedApi? FunctionPointer { get; }

    public DisallowedApi? PInvoke { get; }

    /// <summary>The rule a type name hits, if any.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public DisallowedApi? MatchType(string typeName)
    {
        if (EnclosingPattern(typeName) is { } rule)
        {
            return rule;
        }

        foreach (var (pattern, wildcardRule) in _wildcardTypes)
        {
            if (pattern.IsMatch(typeName))
            {
                return wildcardRule;
            }
        }

        return null;
    }

    /// <summary>
    /// A plain pattern names the type itself, an enclosing type (<c>Outer</c> covers <c>Outer+Inner</c>) or an enclosing
    /// namespace (<c>System.Net.Sockets</c> covers <c>System.Net.Sockets.Socket</c>), so try the name and each prefix
    /// that ends before a '.' or '+'.
    /// </summary>
    private DisallowedApi? EnclosingPattern(string name)
    {
        if (_exactTypes.Count == 0)
        {
            return null;
        }

        for (var end = name.Length; end > 0; end = name.AsSpan(0, end).LastIndexOfAny('.', '+'))
        {
            if (_exactTypePrefixes.TryGetValue(name.AsSpan(0, end), out var rule))
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a member pattern could hit some member of <paramref name="typeName"/>: lets the scan skip reading member
    /// names and parameter lists for the types no pattern names (nearly all of them).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool MayMatchMemberOf(string typeName)
    {
        foreach (var (pattern, _, _) in _members)
        {
            if (pattern.CanMatchStartingWith(typeName, "::"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The member pattern <c>Type::Member</c> hits, or with a parameter list <c>Type::Member(Parameters)</c>; the type's
    /// own rule (<see cref="MatchType"/>) is the caller's to check first. <paramref name="parameters"/> ("(A,B)", or ""
    /// for a field) is asked for only when a pattern with a parameter list could still match.
    /// </summary>
    public DisallowedApi? MatchMemberPattern(string typeName, string member, Func<string> parameters)
    {
        var withoutParameters = $"{typeName}::{member}";
        string? withParameters = null;
        foreach (var (pattern, hasParameters, rule) in _members)
        {
            var hit = !hasParameters
                ? pattern.IsMatch(withoutParameters)
                : pattern.CanMatchStartingWith(withoutParameters, "") && pattern.IsMatch(withParameters ??= withoutParameters + parameters());
            if (hit)
            {
                return rule;
            }
        }

        return null;
    }
}
