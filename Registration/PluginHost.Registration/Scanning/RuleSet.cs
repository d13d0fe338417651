using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace PluginHost.Registration.Scanning;

/// <summary>
/// The disallowed list compiled for matching: exact type names in a dictionary, wildcard types and member patterns
/// as anchored regular expressions, answers cached per name.
/// </summary>
internal sealed class RuleSet
{
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
        _exactTypes.TryGetValue(name, out var exact) ? exact : _wildcardTypes.FirstOrDefault(entry => entry.Pattern.IsMatch(name)).Rule);

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
