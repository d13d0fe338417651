using PluginHost.Contracts;

namespace TestPlugins.LegacyPlugin;

/// <summary>A plug-in written against PluginHost.Contracts 1.0, before the SDK's own names.</summary>
public sealed class LegacyPlugin : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
    }
}
