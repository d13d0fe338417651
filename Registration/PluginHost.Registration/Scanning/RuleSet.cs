using System.Collections.Concurrent;

namespace PluginHost.Registration.Scanning;

/// <summary>
/// The disallowed list ready for matching: exact type names in a dictionary, wildcard types and member patterns as
/// <see cref="Glob"/>s, answers cached per name.
/// </summary>
internal sealed class RuleSet
{
    private readonly Dictionary<string, DisallowedApi> _exactTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DisallowedApi>.AlternateLookup<ReadOnlySpan<char>> _exactTypePrefixes;
    private readonly List<(Glob Pattern, DisallowedApi Rule)> _wildcardTypes = [];
    private readonly List<(Glob Pattern, bool WithParameters, DisallowedApi Rule)> _members = [];
    private readonly ConcurrentDictionary<string, DisallowedApi?> _typeAnswers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DisallowedApi?> _memberAnswers = new(StringComparer.Ordinal);

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
    public DisallowedApi? MatchType(string typeName) => _typeAnswers.GetOrAdd(typeName, MatchTypeUncached);

    private DisallowedApi? MatchTypeUncached(string typeName)
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

    /// <summary>The rule a member hits: its type's rule, else a member pattern on <c>Type::Name</c> or <c>Type::Name(Parameters)</c>.</summary>
    public DisallowedApi? MatchMember(string typeName, string member, string parameters) =>
        MatchType(typeName) ?? (_members.Count == 0 ? null : _memberAnswers.GetOrAdd($"{typeName}::{member}{parameters}", key =>
        {
            var withoutParameters = key.AsSpan(0, key.Length - parameters.Length);
            foreach (var (pattern, hasParameters, rule) in _members)
            {
                if (pattern.IsMatch(hasParameters ? key : withoutParameters))
                {
                    return rule;
                }
            }

            return null;
        }));
}
