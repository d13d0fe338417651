using Microsoft.Xrm.Sdk;

namespace TestPlugins.RefAssembly;

/// <summary>A valid plug-in type whose body the reference assembly drops.</summary>
public sealed class MetadataOnlyPlugin : IPlugin
{
    public void Execute(IServiceProvider serviceProvider) => _ = serviceProvider.GetService(typeof(ITracingService));
}
