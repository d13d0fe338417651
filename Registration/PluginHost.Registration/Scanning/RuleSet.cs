using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace PluginHost.Registration.Scanning;

/// <summary>
/// The disallowed list compiled for matching: exact type names in a dictionary, wildcard types and member patterns
/// as anchored regular expressions, answers cached per name.
/// </summary>
internal sealed class RuleSet
{
    private static readonly char[] Separators = ['.', '+'];

    private readonly Dictionary<string, DisallowedApi> _exactTypes = new(StringComparer.Ordinal);
    private readonly List<(Regex Pattern, DisallowedApi Rule)> _wildcardTypes = [];
    private readonly List<(Regex Pattern, bool WithParameters, DisallowedApi Rule)> _members = [];
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
                    _members.Add((Glob(pattern), pattern.Contains('(', StringComparison.Ordinal), rule));
                    break;
                case var pattern when pattern.Contains('*', StringComparison.Ordinal):
                    _wildcardTypes.Add((Glob(pattern), rule));
                    break;
                default:
                    _exactTypes.TryAdd(rule.Pattern, rule);
                    break;
            }
        }
    }

    public DisallowedApi? UnsafePointer { get; }

    public DisallowedApi? FunctionPointer { get; }

    public DisallowedApi? PInvoke { get; }

    /// <summary>The rule a type name hits, if any.</summary>
    public DisallowedApi? MatchType(string typeName) => _typeAnswers.GetOrAdd(typeName, name =>
        EnclosingPattern(name) ?? _wildcardTypes.FirstOrDefault(entry => entry.Pattern.IsMatch(name)).Rule);

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

        for (var end = name.Length; end > 0; end = name.LastIndexOfAny(Separators, end - 1))
        {
            if (_exactTypes.TryGetValue(name[..end], out var rule))
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
            var withoutParameters = key[..^parameters.Length];
            return _members.FirstOrDefault(entry => entry.Pattern.IsMatch(entry.WithParameters ? key : withoutParameters)).Rule;
        }));

    private static Regex Glob(string pattern) =>
        new($"^{Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal)}$", RegexOptions.CultureInvariant | RegexOptions.Compiled);
}
