using Microsoft.Xrm.Sdk;

namespace TestPlugins.OwnContracts;

/// <summary>Implements the IPlugin compiled into this assembly.</summary>
public sealed class CopiedContractPlugin : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
    }
}
