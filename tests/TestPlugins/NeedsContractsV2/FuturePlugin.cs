using PluginHost.Contracts;

namespace TestPlugins.NeedsContractsV2;

/// <summary>A plug-in type against Contracts 2.0.</summary>
public sealed class FuturePlugin : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
    }
}
