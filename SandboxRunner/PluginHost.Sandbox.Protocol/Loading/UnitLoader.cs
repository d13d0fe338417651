using System.Runtime.Loader;
using McMaster.NETCore.Plugins.Loader;

namespace PluginHost.Sandbox.Protocol.Loading;

/// <summary>
/// How the host (isolation none) and sandbox workers load a plug-in unit: a McMaster.NETCore.Plugins load context on
/// the unit's folder in a <see cref="UnitCache"/>, one per unit, the SDK and the framework shared through
/// <see cref="SharedTypesContext"/>, every file read into memory so that none stays open.
/// </summary>
/// <remarks>
/// Built with McMaster's <see cref="AssemblyLoadContextBuilder"/>, the builder its <c>PluginLoader</c> uses, with the
/// settings <c>PluginConfig</c> would give it (<c>PreferSharedTypes</c> with <c>DefaultContext</c>,
/// <c>LoadInMemory</c>, <c>IsUnloadable</c>), rather than through <c>PluginLoader</c> itself: its constructor also
/// reads and parses every <c>*.runtimeconfig.json</c> beside the host, on every load, to add the host's NuGet probing
/// folders. That took 2 to 25 ms a load here, several times the 5 ms budget of a whole first call, and would let a
/// plug-in pick up a DLL from the host's package cache by name. A unit has no probing folders: its files are all it has.
/// </remarks>
public static class UnitLoader
{
    /// <summary>A load context for the unit whose files lie beside <paramref name="mainAssemblyPath"/>.</summary>
    /// <param name="mainAssemblyPath">A file of the unit: it names the context and gives the folder the others are found in.</param>
    /// <param name="unloadable">A collectible context (the host's hot update); a worker never unloads, it is replaced.</param>
    public static AssemblyLoadContext Create(string mainAssemblyPath, bool unloadable)
    {
        var builder = new AssemblyLoadContextBuilder()
            .SetMainAssemblyPath(mainAssemblyPath)
            .SetDefaultContext(SharedTypesContext.Instance)
            .PreferDefaultLoadContext(true)
            .PreloadAssembliesIntoMemory();
        return (unloadable ? builder.EnableUnloading() : builder).Build();
    }
}
