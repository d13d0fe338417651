using Microsoft.Xrm.Sdk;

namespace PackageFixtures.Greeting;

/// <summary>A plug-in base class in a dependency: the plug-in type that derives from it lives in another assembly.</summary>
public abstract class PluginBase : IPlugin
{
    public void Execute(IServiceProvider serviceProvider)
    {
        var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
        ExecuteOn((Entity)context.InputParameters["Target"]!);
    }

    /// <summary>Runs on the request's Target.</summary>
    protected abstract void ExecuteOn(Entity target);
}
