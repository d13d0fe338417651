using McMaster.NETCore.Plugins;

namespace PluginHost.Sandbox.Protocol.Loading;

/// <summary>
/// How the host (isolation none) and sandbox workers load a plug-in unit: McMaster.NETCore.Plugins' loader on the
/// unit's folder in a <see cref="UnitCache"/>, one load context per unit, the SDK and the framework shared through
/// <see cref="SharedTypesContext"/>, every file read into memory so that none stays open.
/// </summary>
public static class UnitLoader
{
    /// <summary>A loader for the unit whose files lie beside <paramref name="mainAssemblyPath"/>.</summary>
    /// <param name="mainAssemblyPath">A file of the unit: it names the context and gives the folder the others are found in.</param>
    /// <param name="unloadable">A collectible context (the host's hot update); a worker never unloads, it is replaced.</param>
    public static PluginLoader Create(string mainAssemblyPath, bool unloadable) =>
        new(new PluginConfig(mainAssemblyPath)
        {
            PreferSharedTypes = true,
            DefaultContext = SharedTypesContext.Instance,
            IsUnloadable = unloadable,
            LoadInMemory = true,
        });
}
