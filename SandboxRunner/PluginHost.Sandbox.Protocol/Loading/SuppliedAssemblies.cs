using System.Reflection;
using System.Runtime.Loader;

namespace PluginHost.Sandbox.Protocol.Loading;

/// <summary>
/// The assemblies the host supplies to every plug-in, in the host process and in sandbox workers alike: the SDK and the
/// WCF assemblies that hold <c>FaultException&lt;T&gt;</c>. A plug-in's reference to one of them binds to the host's own
/// copy whatever version and public key token it names, so a DLL compiled for Dataverse (Microsoft.Xrm.Sdk 9.0.0.0,
/// System.ServiceModel 4.0.0.0) gets the same IPlugin and FaultException types as the host.
/// </summary>
public static class SuppliedAssemblies
{
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "Microsoft.Xrm.Sdk",
        "Microsoft.Crm.Sdk.Proxy",
        "System.ServiceModel",
        "System.ServiceModel.Primitives",
    };

    /// <summary>The host's copy of a supplied assembly, from the default context; null when the name is not supplied.</summary>
    public static Assembly? Resolve(AssemblyName requested) =>
        requested.Name is { } name && Names.Contains(name)
            ? AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(name))
            : null;
}
