using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;

namespace PluginHost.Registration.Packages;

/// <summary>
/// The assemblies of the .NET shared framework this program runs on (the files in
/// <see cref="RuntimeEnvironment.GetRuntimeDirectory"/>), by simple name, with their versions. The host loads a
/// plug-in's reference to one of them from the framework, so a package need not carry it, and a copy it carries that
/// is not newer than the framework's is never used. Safe to share between threads (<see cref="UnitReferences"/> keeps one).
/// </summary>
internal sealed class FrameworkAssemblies
{
    private readonly string _directory;
    private readonly Dictionary<string, string> _files;
    private readonly ConcurrentDictionary<string, Version?> _versions = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Lists the framework folder <paramref name="directory"/> (default: the running runtime's).</summary>
    public FrameworkAssemblies(string? directory = null)
    {
        _directory = directory ?? RuntimeEnvironment.GetRuntimeDirectory();
        _files = Directory.EnumerateFiles(_directory, "*.dll")
            .GroupBy(path => Path.GetFileNameWithoutExtension(path), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.First(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>How the framework is named in messages, e.g. ".NET 10.0.1".</summary>
    public static string Description => RuntimeInformation.FrameworkDescription;

    /// <summary>The version of the framework's assembly of this name, or null when the framework has none.</summary>
    public Version? VersionOf(string name) => _versions.GetOrAdd(name, Read);

    private Version? Read(string name)
    {
        Version? version = null;
        if (_files.TryGetValue(name, out var path))
        {
            try
            {
                version = AssemblyName.GetAssemblyName(path).Version;
            }
            catch (Exception exception) when (exception is BadImageFormatException or IOException)
            {
                // A native library beside the managed ones: not an assembly a plug-in can reference.
            }
        }

        return version;
    }

    /// <inheritdoc />
    public override string ToString() => _directory;
}
