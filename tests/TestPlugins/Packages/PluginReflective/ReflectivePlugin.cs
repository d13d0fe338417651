using Microsoft.Xrm.Sdk;
using PackageFixtures.Reflective;

namespace PackageFixtures.PluginReflective;

/// <summary>Clean plug-in code whose dependency, PackageFixtures.Reflective, uses reflection invoke.</summary>
public sealed class ReflectivePlugin : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var target = (Entity)context.InputParameters["Target"]!;
        target["reflective"] = Probe.Describe(42);
    }
}
