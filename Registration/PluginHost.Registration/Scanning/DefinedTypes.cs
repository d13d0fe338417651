using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using PluginHost.Registration.Inspection;
using System.Runtime.CompilerServices;

namespace PluginHost.Registration.Scanning;

/// <summary>The full name of each type the assembly defines, built once per row; one per scan.</summary>
internal sealed class DefinedTypes(MetadataReader reader)
{
    private readonly RowCache<string> _names = new(reader, TableIndex.TypeDef);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Name(TypeDefinitionHandle handle) =>
        _names.TryGetValue(handle, out var known) ? known : _names.Add(handle, TypeNames.Of(reader, handle));
}
