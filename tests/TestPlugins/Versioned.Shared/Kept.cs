using Microsoft.Xrm.Sdk;

namespace TestPlugins.Versioned;

/// <summary>Present in both versions; traces which version ran.</summary>
public sealed class Kept : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
#if V2
        const string Version = "2";
#else
        const string Version = "1";
#endif
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        context.SharedVariables["version"] = Version;
    }
}

#if !V2
/// <summary>Only in version 1: an update to version 2 is refused while this type has steps.</summary>
public sealed class Retired : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
    }
}
#endif
