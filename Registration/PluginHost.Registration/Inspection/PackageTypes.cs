using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace PluginHost.Registration.Inspection;

/// <summary>
/// The type definitions of every assembly of one package, by assembly simple name, so that a plug-in class whose base
/// class lives in another assembly of the package (a <c>PluginBase</c> in a shared dependency) is recognized.
/// Holds the metadata of each image until disposed.
/// </summary>
internal sealed class PackageTypes : IDisposable
{
    private readonly List<PEReader> _images = [];
    private readonly Dictionary<string, MetadataReader> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<MetadataReader, Dictionary<(string Namespace, string Name), TypeDefinitionHandle>> _topLevel = [];

    /// <summary>No package: a lone assembly, whose references resolve nowhere.</summary>
    public static PackageTypes None { get; } = new([]);

    /// <summary>Reads the metadata of <paramref name="images"/>; unreadable ones are left out (their own inspection says why).</summary>
    public PackageTypes(IEnumerable<ReadOnlyMemory<byte>> images)
    {
        foreach (var image in images)
        {
            var pe = new PEReader(ImageBytes.AsImmutableArray(image));
            try
            {
                if (pe.HasMetadata && pe.GetMetadataReader() is { IsAssembly: true } reader)
                {
                    _byName.TryAdd(reader.GetString(reader.GetAssemblyDefinition().Name), reader);
                    _images.Add(pe);
                    continue;
                }
            }
            catch (Exception exception) when (UnreadableImage.Is(exception))
            {
                // Not a readable assembly: nothing in it can be a base class.
            }

            pe.Dispose();
        }
    }

    /// <summary>The definition a type reference of <paramref name="reader"/> names, when it is in an assembly of the package.</summary>
    internal (MetadataReader Reader, TypeDefinitionHandle Handle)? Resolve(MetadataReader reader, TypeReferenceHandle handle, int depth = 0)
    {
        var reference = reader.GetTypeReference(handle);
        var scope = reference.ResolutionScope;
        if (scope.IsNil || depth > 16)
        {
            return null;
        }

        switch (scope.Kind)
        {
            case HandleKind.AssemblyReference:
                var assembly = reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name);
                return _byName.TryGetValue(assembly, out var target)
                    && TopLevel(target).TryGetValue((reader.GetString(reference.Namespace), reader.GetString(reference.Name)), out var definition)
                    ? (target, definition)
                    : null;
            case HandleKind.TypeReference:
                if (Resolve(reader, (TypeReferenceHandle)scope, depth + 1) is not { } outer)
                {
                    return null;
                }

                var name = reader.GetString(reference.Name);
                foreach (var nested in outer.Reader.GetTypeDefinition(outer.Handle).GetNestedTypes())
                {
                    if (outer.Reader.StringComparer.Equals(outer.Reader.GetTypeDefinition(nested).Name, name))
                    {
                        return (outer.Reader, nested);
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var image in _images)
        {
            image.Dispose();
        }
    }

    private Dictionary<(string Namespace, string Name), TypeDefinitionHandle> TopLevel(MetadataReader reader)
    {
        if (!_topLevel.TryGetValue(reader, out var types))
        {
            types = [];
            foreach (var handle in reader.TypeDefinitions)
            {
                var type = reader.GetTypeDefinition(handle);
                if (!type.IsNested)
                {
                    types.TryAdd((reader.GetString(type.Namespace), reader.GetString(type.Name)), handle);
                }
            }

            _topLevel[reader] = types;
        }

        return types;
    }
}
