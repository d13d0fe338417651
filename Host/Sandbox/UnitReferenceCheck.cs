using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using PluginHost.Registration.Inspection;

namespace PluginHost.Host.Sandbox;

/// <summary>
/// Finds the references of a unit's files that nothing would resolve when a worker loads them: a reference resolves to
/// another file of the unit (at the version referenced or newer), to an assembly the host supplies (the SDK and its
/// contracts, whatever version), or to an assembly of the .NET shared framework the worker runs on (at the version
/// referenced or newer). The rules are the ones <c>pluginreg package register</c> applies, checked again at the gate
/// for rows registered before those rules or written past them.
/// </summary>
internal sealed class UnitReferenceCheck
{
    private readonly string _frameworkDirectory;
    private readonly ConcurrentDictionary<string, Version?> _frameworkVersions = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A check against the framework in <paramref name="frameworkDirectory"/> (default: the running runtime's).</summary>
    public UnitReferenceCheck(string? frameworkDirectory = null) =>
        _frameworkDirectory = frameworkDirectory ?? RuntimeEnvironment.GetRuntimeDirectory();

    /// <summary>Every reference of <paramref name="files"/> that would not resolve; empty when all do.</summary>
    /// <param name="files">The unit's files by file name with their content; a file with no .NET metadata is skipped.</param>
    public IReadOnlyList<UnresolvedReference> Unresolved(IEnumerable<(string FileName, ReadOnlyMemory<byte> Image)> files)
    {
        var assemblies = files.Select(file => Read(file.FileName, file.Image)).OfType<UnitAssembly>().ToList();
        var carried = assemblies
            .GroupBy(assembly => assembly.Name.Name!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.Max(assembly => assembly.Name.Version) ?? new Version(), StringComparer.OrdinalIgnoreCase);
        var unresolved = new List<UnresolvedReference>();
        foreach (var assembly in assemblies)
        {
            foreach (var reference in assembly.References)
            {
                var name = reference.Name!;
                var version = reference.Version ?? new Version();
                var resolved = AssemblyInspector.IsSupplied(name)
                    || (carried.TryGetValue(name, out var carriedVersion) && carriedVersion >= version)
                    || (FrameworkVersion(name) is { } frameworkVersion && frameworkVersion >= version);
                if (!resolved)
                {
                    unresolved.Add(new UnresolvedReference(assembly.FileName, assembly.Name.Name!, name, version));
                }
            }
        }

        return unresolved;
    }

    /// <summary>The version of the framework's assembly of this name, or null when the framework has none.</summary>
    private Version? FrameworkVersion(string name) => _frameworkVersions.GetOrAdd(name, key =>
    {
        var path = Path.Combine(_frameworkDirectory, key + ".dll");
        try
        {
            return File.Exists(path) ? AssemblyName.GetAssemblyName(path).Version : null;
        }
        catch (Exception exception) when (exception is BadImageFormatException or IOException)
        {
            // A native library beside the managed ones: not an assembly a plug-in can reference.
            return null;
        }
    });

    private static UnitAssembly? Read(string fileName, ReadOnlyMemory<byte> image)
    {
        try
        {
            // The gate's images are whole arrays: read in place rather than copied.
            var bytes = MemoryMarshal.TryGetArray(image, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : image.ToArray();
            using var pe = new PEReader(System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(bytes));
            if (!pe.HasMetadata)
            {
                return null;
            }

            var reader = pe.GetMetadataReader();
            if (!reader.IsAssembly)
            {
                return null;
            }

            var references = reader.AssemblyReferences.Select(handle => reader.GetAssemblyReference(handle).GetAssemblyName()).ToList();
            return new UnitAssembly(fileName, reader.GetAssemblyDefinition().GetAssemblyName(), references);
        }
        catch (BadImageFormatException)
        {
            // Not a .NET assembly: the worker's load reports it, naming the file.
            return null;
        }
    }

    private sealed record UnitAssembly(string FileName, AssemblyName Name, IReadOnlyList<AssemblyName> References);
}

/// <summary>A reference of a unit's file that neither the unit, nor the host, nor the framework resolves.</summary>
/// <param name="FileName">The referencing file's name in the unit.</param>
/// <param name="AssemblyName">The referencing assembly's name.</param>
/// <param name="Name">The referenced assembly's name.</param>
/// <param name="Version">The version referenced.</param>
internal sealed record UnresolvedReference(string FileName, string AssemblyName, string Name, Version Version);
