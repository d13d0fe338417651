namespace PluginHost.Host.Tests.Packages;

/// <summary>
/// Packaged plug-ins through a real host: PackageFixtures.PluginA (with PackageFixtures.Greeting 1.0.0.0 inside) in the
/// fixture's isolation and PackageFixtures.PluginB (with Greeting 2.0.0.0) in the other one, so that one host runs the
/// two versions of the dependency side by side, in both isolations, and each fixture runs each package in one of them.
/// </summary>
[TestFixture("none")]
[TestFixture("sandbox")]
internal sealed class PackageExecutionTests(string isolation) : HostTestBase(isolation)
{
    [OneTimeSetUp]
    public async Task RegisterPackagesAsync()
    {
        TestPackages.Register(Host, TestPackages.PluginA, Isolation);
        TestPackages.Register(Host, TestPackages.PluginB, Isolation == "none" ? "sandbox" : "none");
        await Host.WaitForRegistrationsAsync();
    }

    [Test]
    public async Task Create_PluginCallingItsPrivateDependency_GetsThatDependencysAnswer()
    {
        var entity = NewEntity();
        PackagedStep("PackageFixtures.PluginA.GreetingPlugin", entity);
        await Host.WaitForRegistrationsAsync();

        await Host.CreateAsync(entity, new { name = "x" });

        var record = (await RecordsAsync(entity)).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(record.GetProperty("greeting").GetString(), Is.EqualTo("greeting v1"));
            Assert.That(record.GetProperty("plugin").GetString(), Is.EqualTo("A 1.0.0"));
        }
    }

    [Test]
    public async Task Create_TwoPackagesWithConflictingDependencyVersions_EachGetsItsOwnVersion()
    {
        var (withA, withB) = (NewEntity(), NewEntity());
        PackagedStep("PackageFixtures.PluginA.GreetingPlugin", withA);
        PackagedStep("PackageFixtures.PluginB.GreetingPlugin", withB);
        await Host.WaitForRegistrationsAsync();

        await Host.CreateAsync(withA, new { name = "a" });
        await Host.CreateAsync(withB, new { name = "b" });
        await Host.CreateAsync(withA, new { name = "a again" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That((await RecordsAsync(withA)).Select(record => record.GetProperty("greeting").GetString()), Is.EqualTo(new[] { "greeting v1", "greeting v1" }));
            Assert.That((await RecordsAsync(withB)).Single().GetProperty("greeting").GetString(), Is.EqualTo("greeting v2"));
        }
    }

    [Test]
    public async Task Create_PluginWhoseBaseClassIsInTheDependency_Runs()
    {
        var entity = NewEntity();
        PackagedStep("PackageFixtures.PluginA.DerivedPlugin", entity);
        await Host.WaitForRegistrationsAsync();

        await Host.CreateAsync(entity, new { name = "x" });

        Assert.That((await RecordsAsync(entity)).Single().GetProperty("derived").GetString(), Is.EqualTo("A"));
    }

    private void PackagedStep(string type, string entity) =>
        Host.RegisterStep("--type", type, "--message", "Create", "--entity", entity, "--stage", "20");
}
