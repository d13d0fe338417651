using PluginHost.Registration.Inspection;

namespace PluginHost.Registration.Tests.Inspection;

[TestFixture]
internal sealed class PackageTypesTests
{
    private static readonly byte[] PluginA = TestPackages.EntryOf(TestPackages.PluginA, "lib/net10.0/PackageFixtures.PluginA.dll");
    private static readonly byte[] Greeting = TestPackages.EntryOf(TestPackages.PluginA, "lib/net10.0/PackageFixtures.Greeting.dll");

    [Test]
    public void InspectPackaged_BaseClassInAnotherAssemblyOfThePackage_TypeFound()
    {
        using var package = new PackageTypes([PluginA, Greeting]);

        var inspection = AssemblyInspector.InspectPackaged(PluginA, "PackageFixtures.PluginA.dll", package);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(inspection.Problems, Is.Empty);
            Assert.That(inspection.PluginTypes, Is.EqualTo(new[] { "PackageFixtures.PluginA.DerivedPlugin", "PackageFixtures.PluginA.GreetingPlugin" }));
            Assert.That(inspection.References.Select(reference => reference.Name), Does.Contain("PackageFixtures.Greeting"));
        }
    }

    [Test]
    public void Inspect_SameAssemblyAlone_BaseClassElsewhereIsNotFollowed()
    {
        var inspection = AssemblyInspector.Inspect(PluginA, "PackageFixtures.PluginA.dll");

        Assert.That(inspection.PluginTypes, Is.EqualTo(new[] { "PackageFixtures.PluginA.GreetingPlugin" }));
    }

    [Test]
    public void InspectPackaged_DependencyWithoutPluginTypesOrSdkReference_NoProblem()
    {
        using var package = new PackageTypes([PluginA, Greeting]);

        var inspection = AssemblyInspector.InspectPackaged(Greeting, "PackageFixtures.Greeting.dll", package);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(inspection.Problems, Is.Empty);
            Assert.That(inspection.PluginTypes, Is.Empty);
            Assert.That(inspection.Rejected, Is.EqualTo(new[] { "PackageFixtures.Greeting.PluginBase is abstract" }));
        }
    }
}
