using System.Reflection;
using System.Runtime.Loader;
using PluginHost.Sandbox.Protocol.Loading;

namespace PluginHost.Host.Loading;

/// <summary>
/// A collectible load context for one version of one plug-in assembly, loaded from its stored bytes. The SDK and
/// the framework come from the default context, so the plug-in's IPlugin is the host's IPlugin; anything else it
/// references must come from its registration (SPEC §6).
/// </summary>
/// <remarks>
/// The context keeps no reference to the assemblies it loaded. Once <see cref="AssemblyLoadContext.Unload"/> is
/// called, the runtime holds the context strongly until the loader allocator is collected; a field here pointing at
/// the plug-in assembly would keep that allocator reachable from the context, and neither would ever be collected.
/// </remarks>
internal sealed class PluginLoadContext(string name, IReadOnlyDictionary<string, byte[]> dependencies)
    : AssemblyLoadContext(name, isCollectible: true)
{
    /// <summary>Loads the plug-in assembly itself from its stored bytes.</summary>
    public Assembly LoadPlugin(byte[] image)
    {
        using var stream = new MemoryStream(image, writable: false);
        return LoadFromStream(stream);
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Shared from the default context: the SDK assemblies (whatever version the plug-in names) and, by returning
        // null below, anything the framework provides.
        if (SuppliedAssemblies.Resolve(assemblyName) is { } supplied)
        {
            return supplied;
        }

        if (assemblyName.Name is { } dependencyName && dependencies.TryGetValue(dependencyName, out var dependency))
        {
            using var stream = new MemoryStream(dependency, writable: false);
            return LoadFromStream(stream);
        }

        return null;
    }
}
