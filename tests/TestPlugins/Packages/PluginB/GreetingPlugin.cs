using Microsoft.Xrm.Sdk;
using PackageFixtures.Greeting;

namespace PackageFixtures.PluginB;

/// <summary>Calls version 2 of the dependency that PackageFixtures.PluginA carries in version 1.</summary>
public sealed class GreetingPlugin : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var target = (Entity)context.InputParameters["Target"]!;
        target["greeting"] = Greeter.Greet();
    }
}
