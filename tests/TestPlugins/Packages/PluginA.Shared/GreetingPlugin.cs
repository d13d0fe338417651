using Microsoft.Xrm.Sdk;
using PackageFixtures.Greeting;

namespace PackageFixtures.PluginA;

/// <summary>Calls its private dependency and says which release of the package ran.</summary>
public sealed class GreetingPlugin : IPlugin
{
#if NEXT
    private const string Release = "A 1.1.0";
#else
    private const string Release = "A 1.0.0";
#endif

    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        var target = (Entity)context.InputParameters["Target"]!;
        target["greeting"] = Greeter.Greet();
        target["plugin"] = Release;
    }
}
