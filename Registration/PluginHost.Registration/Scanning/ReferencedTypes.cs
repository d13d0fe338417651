using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using PluginHost.Registration.Inspection;
using System.Runtime.CompilerServices;

namespace PluginHost.Registration.Scanning;

/// <summary>What the list says about one referenced type, worked out once per type reference row; one per scan.</summary>
internal sealed class ReferencedTypes(MetadataReader reader, RuleSet rules)
{
    private readonly RowCache<ReferencedType> _rows = new(reader, TableIndex.TypeRef);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReferencedType Get(TypeReferenceHandle handle)
    {
        if (_rows.TryGetValue(handle, out var known))
        {
            return known;
        }

        var name = TypeNames.Of(reader, handle);
        return _rows.Add(handle, new ReferencedType(name, rules.MatchType(name), rules.MayMatchMemberOf(name)));
    }
}

/// <summary>A referenced type's full name, the rule it hits, and whether a member pattern could hit one of its members.</summary>
internal sealed record ReferencedType(string Name, DisallowedApi? Rule, bool MemberPatternsApply);
