using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using PluginHost.Registration.Inspection;
using System.Runtime.CompilerServices;

namespace PluginHost.Registration.Scanning;

/// <summary>The full name of each type the assembly defines, built once per row; one per scan.</summary>
internal sealed class DefinedTypes(MetadataReader reader)
{
    private readonly string?[] _names = new string?[reader.GetTableRowCount(TableIndex.TypeDef) + 1];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Name(TypeDefinitionHandle handle)
    {
        var row = MetadataTokens.GetRowNumber(handle);
        var inTable = row > 0 && row < _names.Length;
        if (inTable && _names[row] is { } known)
        {
            return known;
        }

        // A row outside the table is not cached: reading its name throws, and the scan reports the image as unreadable.
        var name = TypeNames.Of(reader, handle);
        if (inTable)
        {
            _names[row] = name;
        }

        return name;
    }
}
