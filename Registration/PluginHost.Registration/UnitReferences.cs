using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using PluginHost.Registration.Inspection;
using PluginHost.Registration.Packages;

namespace PluginHost.Registration;

/// <summary>A reference of one file of a unit that nothing at run time can satisfy.</summary>
/// <param name="FileName">The file that holds the reference, e.g. Acme.Plugins.dll.</param>
/// <param name="AssemblyName">The simple name of that file's assembly.</param>
/// <param name="Name">The simple name of the referenced assembly.</param>
/// <param name="Version">The version it references.</param>
public sealed record UnresolvedReference(string FileName, string AssemblyName, string Name, Version Version)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name} {Version} (referenced by {FileName})";
}

/// <summary>
/// Which assembly references of a unit (a lone assembly, or the stored assemblies of a package) cannot be resolved
/// where the unit runs. A reference is resolved by another file of the unit with that simple name, by an assembly the
/// host supplies to every plug-in (<see cref="AssemblyInspector.SuppliedNames"/>), or by the .NET shared framework
/// (Microsoft.NETCore.App) when its copy is the version referenced or newer. Registration and the host's sandbox gate
/// both ask this, so they agree on what a unit may reference.
/// </summary>
public static class UnitReferences
{
    // Listing the framework folder costs a directory scan: once per process. FrameworkAssemblies is safe to share.
    private static readonly Lazy<FrameworkAssemblies> SharedFramework = new(() => new FrameworkAssemblies());

    /// <summary>
    /// The unresolved references of <paramref name="files"/>, in file then reference order. A file that is not a
    /// readable assembly has no references here: the inspector refuses it on its own.
    /// </summary>
    public static IReadOnlyList<UnresolvedReference> Unresolved(IEnumerable<(string FileName, ReadOnlyMemory<byte> Image)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var read = files.Select(file => (file.FileName, Metadata: Read(file.Image))).ToList();
        var carried = read
            .Where(file => file.Metadata is not null)
            .Select(file => file.Metadata!.Value.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unresolved = new List<UnresolvedReference>();
        foreach (var (fileName, metadata) in read)
        {
            if (metadata is not { } assembly)
            {
                continue;
            }

            foreach (var reference in assembly.References)
            {
                if (!IsResolved(reference, carried))
                {
                    unresolved.Add(new UnresolvedReference(fileName, assembly.Name, reference.Name, reference.Version));
                }
            }
        }

        return unresolved;
    }

    /// <summary>The .NET shared framework this program runs on, as the checks see it.</summary>
    internal static FrameworkAssemblies Framework => SharedFramework.Value;

    private static bool IsResolved(AssemblyReferenceName reference, HashSet<string> carried) =>
        carried.Contains(reference.Name)
        || AssemblyInspector.IsSupplied(reference.Name)
        || (Framework.VersionOf(reference.Name) is { } framework && reference.Version <= framework);

    private static (string Name, List<AssemblyReferenceName> References)? Read(ReadOnlyMemory<byte> image)
    {
        if (image.IsEmpty)
        {
            return null;
        }

        try
        {
            using var pe = new PEReader(ImageBytes.AsImmutableArray(image));
            if (!pe.HasMetadata)
            {
                return null;
            }

            var reader = pe.GetMetadataReader();
            if (!reader.IsAssembly)
            {
                return null;
            }

            var references = reader.AssemblyReferences
                .Select(handle => reader.GetAssemblyReference(handle))
                .Select(reference => new AssemblyReferenceName(reader.GetString(reference.Name), reference.Version))
                .ToList();
            return (reader.GetString(reader.GetAssemblyDefinition().Name), references);
        }
        catch (Exception exception) when (UnreadableImage.Is(exception))
        {
            return null;
        }
    }
}
