using System.Collections.Frozen;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace PluginHost.Sandbox.Protocol.Loading;

/// <summary>
/// What a plug-in unit shares with the process that loads it: the context McMaster's loader asks first for every name
/// the unit references (<c>PluginConfig.DefaultContext</c> with <c>PreferSharedTypes</c>). It answers the SDK
/// (<see cref="SuppliedAssemblies"/>, by simple name, whatever version the plug-in names) and the .NET shared framework
/// from the default context, and refuses every other name, so that the unit's own files win over whatever the process
/// happens to carry (the host's NLog or Dapper): two units with different versions of a library each get their own.
/// </summary>
/// <remarks>
/// One per process, never collected: it holds no assembly of its own (everything it answers lives in the default
/// context), so there is nothing to unload, and a context per unit would only add to the runtime's list of contexts.
/// </remarks>
public sealed class SharedTypesContext : AssemblyLoadContext
{
    private readonly FrozenSet<string> _framework;

    private SharedTypesContext()
        : base("plugin-shared-types", isCollectible: false)
    {
        // The names of Microsoft.NETCore.App, the framework every process here runs on (System.Text.Json, mscorlib and
        // netstandard facades for net462 plug-ins).
        _framework = Directory.EnumerateFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")
            .Select(path => Path.GetFileNameWithoutExtension(path))
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The process's one instance.</summary>
    public static SharedTypesContext Instance { get; } = new();

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (SuppliedAssemblies.Resolve(assemblyName) is { } supplied)
        {
            return supplied;
        }

        if (assemblyName.Name is { } name && _framework.Contains(name))
        {
            // A version above the framework's fails here, and McMaster's loader then takes the unit's own copy.
            return Default.LoadFromAssemblyName(assemblyName);
        }

        // Returning null would let the runtime fall back to the default context, which knows the process's own
        // libraries: throwing is how this context says "not shared", and McMaster's loader goes on to the unit's files.
        throw new FileNotFoundException($"{assemblyName.Name} is neither the SDK nor part of the .NET shared framework: a plug-in unit must carry its own copy");
    }
}
