using Microsoft.Xrm.Sdk;

namespace TestPlugins.Clean;

/// <summary>Takes the (unsecure, secure) configuration constructor.</summary>
public sealed class ConfiguredPlugin(string unsecureConfig, string secureConfig) : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var tracing = (ITracingService)serviceProvider.GetService(typeof(ITracingService))!;
        tracing.Trace("configured with {0} and {1} characters of secure configuration", unsecureConfig, secureConfig.Length);
    }
}
