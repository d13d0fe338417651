using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using PluginHost.Registration.Inspection;
using System.Runtime.CompilerServices;

namespace PluginHost.Registration.Scanning;

/// <summary>What the list says about one referenced type, worked out once per type reference row; one per scan.</summary>
internal sealed class ReferencedTypes(MetadataReader reader, RuleSet rules)
{
    private readonly ReferencedType?[] _rows = new ReferencedType?[reader.GetTableRowCount(TableIndex.TypeRef) + 1];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReferencedType Get(TypeReferenceHandle handle)
    {
        var row = MetadataTokens.GetRowNumber(handle);
        var inTable = row > 0 && row < _rows.Length;
        if (inTable && _rows[row] is { } known)
        {
            return known;
        }

        // A row outside the table is not cached: reading its name throws, and the scan reports the image as unreadable.
        var name = TypeNames.Of(reader, handle);
        var type = new ReferencedType(name, rules.MatchType(name), rules.MayMatchMemberOf(name));
        if (inTable)
        {
            _rows[row] = type;
        }

        return type;
    }
}

/// <summary>A referenced type's full name, the rule it hits, and whether a member pattern could hit one of its members.</summary>
internal readonly record struct ReferencedType(string Name, DisallowedApi? Rule, bool MemberPatternsApply);
