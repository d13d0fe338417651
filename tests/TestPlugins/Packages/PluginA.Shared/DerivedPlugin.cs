using Microsoft.Xrm.Sdk;
using PackageFixtures.Greeting;

namespace PackageFixtures.PluginA;

/// <summary>A plug-in type found only through its base class, which lives in the dependency PackageFixtures.Greeting.</summary>
public sealed class DerivedPlugin : PluginBase
{
    protected override void ExecuteOn(Entity target) => target["derived"] = "A";
}
