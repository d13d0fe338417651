using Microsoft.Xrm.Sdk;

namespace TestPlugins.Clean;

/// <summary>Implements IPlugin directly; uses System.Linq.Enumerable, which an admin may add to the list.</summary>
public sealed class ValidPlugin : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        context.SharedVariables["attributes"] = Enumerable.Count(context.InputParameters);
    }
}
