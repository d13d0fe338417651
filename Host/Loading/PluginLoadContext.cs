using System.Reflection;
using System.Runtime.Loader;

namespace PluginHost.Host.Loading;

/// <summary>
/// A collectible load context for one version of one plug-in assembly, loaded from its stored bytes. Contracts and
/// the framework come from the default context, so the plug-in's IPlugin is the host's IPlugin; anything else it
/// references must come from its registration (SPEC §6).
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private readonly IReadOnlyDictionary<string, byte[]> _dependencies;

    public PluginLoadContext(string name, byte[] image, IReadOnlyDictionary<string, byte[]> dependencies)
        : base(name, isCollectible: true)
    {
        _dependencies = dependencies;
        using var stream = new MemoryStream(image, writable: false);
        PluginAssembly = LoadFromStream(stream);
    }

    public Assembly PluginAssembly { get; }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Shared from the default context: the contract assembly and anything the framework provides.
        if (assemblyName.Name == typeof(Contracts.IPlugin).Assembly.GetName().Name)
        {
            return null;
        }

        if (assemblyName.Name is { } name && _dependencies.TryGetValue(name, out var dependency))
        {
            using var stream = new MemoryStream(dependency, writable: false);
            return LoadFromStream(stream);
        }

        return null;
    }
}
