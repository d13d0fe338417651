using Microsoft.Xrm.Sdk;

namespace PluginHost.Sandbox.Protocol;

/// <summary>The service types a plug-in may ask its service provider for to get its execution context.</summary>
public static class ContextServices
{
    private static readonly HashSet<Type> ContextTypes =
    [
        typeof(IExecutionContext),
        typeof(IPluginExecutionContext),
        typeof(IPluginExecutionContext2),
        typeof(IPluginExecutionContext3),
        typeof(IPluginExecutionContext4),
        typeof(IPluginExecutionContext5),
        typeof(IPluginExecutionContext6),
        typeof(IPluginExecutionContext7),
    ];

    /// <summary>True when <paramref name="serviceType"/> is one of the execution-context interfaces, which the context object answers.</summary>
    public static bool IsContextType(Type serviceType) => ContextTypes.Contains(serviceType);
}
