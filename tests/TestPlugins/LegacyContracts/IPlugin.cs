namespace PluginHost.Contracts;

/// <summary>The plug-in interface as PluginHost.Contracts 1.0 declared it.</summary>
public interface IPlugin
{
    /// <summary>Runs the plug-in.</summary>
    void Execute(IServiceProvider serviceProvider);
}
