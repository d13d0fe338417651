using Microsoft.Xrm.Sdk;

namespace TestPlugins.NoOp;

/// <summary>Does nothing, so that a measurement sees only what the host spends around a step.</summary>
public sealed class NoOpPlugin : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
    }
}
