using System.Net;
using Microsoft.Data.Sqlite;
using PluginHost.Registration;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Tests.Http;

/// <summary><c>GET /api/admin/packages</c>: the registered packages in the shape of <c>pluginreg package list --json</c>.</summary>
[TestFixture]
internal sealed class AdminPackagesTests
{
    private HostProcess _host = null!;

    [OneTimeSetUp]
    public async Task StartHostAsync()
    {
        _host = await HostProcess.StartAsync();
        var registrar = new PackageRegistrar(new RegistrationStore(RegistrationDatabase.Open(_host.Database)));
        registrar.Register(TestPackage("PackageFixtures.PluginB.1.0.0"), IsolationMode.Sandbox, "B");
        registrar.Register(TestPackage("PackageFixtures.PluginA.1.0.0"), IsolationMode.None, null);
        SqliteConnection.ClearAllPools();
    }

    [OneTimeTearDown]
    public async Task StopHostAsync()
    {
        var log = _host.Log;
        await _host.DisposeAsync();
        _host.DeleteFolder();
        Assert.That(log, Does.Not.Contain(" ERROR "), "the host logged an error");
    }

    [Test]
    public async Task Packages_TwoRegistered_ByNameInTheCliShape()
    {
        var (status, body) = await _host.SendAsync(HttpMethod.Get, "/api/admin/packages");

        var packages = body.EnumerateArray().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString);
            Assert.That(packages.Select(package => package.GetProperty("name").GetString()), Is.EqualTo(new[] { "PackageFixtures.PluginA", "PackageFixtures.PluginB" }));
            Assert.That(packages[0].EnumerateObject().Select(property => property.Name),
                Is.EqualTo(new[] { "id", "name", "version", "sha256", "isolation", "description", "registeredOn", "modifiedOn", "assemblies" }));
            Assert.That(packages.Select(package => package.GetProperty("isolation").GetString()), Is.EqualTo(new[] { "none", "sandbox" }));
            Assert.That(packages[1].GetProperty("description").GetString(), Is.EqualTo("B"));
            Assert.That(packages[1].GetProperty("assemblies").EnumerateArray().Select(assembly => assembly.EnumerateObject().Select(property => property.Name)),
                Has.All.EqualTo(new[] { "id", "name", "version", "fileName", "sha256", "pluginTypes" }));
            Assert.That(packages[1].GetProperty("assemblies").EnumerateArray().Select(assembly => assembly.GetProperty("fileName").GetString()),
                Is.EqualTo(new[] { "PackageFixtures.Greeting.dll", "PackageFixtures.PluginB.dll" }), "the SDK the package carried is not stored");
        }
    }

    [Test]
    public async Task Packages_Top_PagesLikeTheOtherListings()
    {
        var (firstStatus, first) = await _host.SendAsync(HttpMethod.Get, "/api/admin/packages?top=1");
        var (badStatus, bad) = await _host.SendAsync(HttpMethod.Get, "/api/admin/packages?top=0");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(firstStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(first.EnumerateArray().Select(package => package.GetProperty("name").GetString()), Is.EqualTo(new[] { "PackageFixtures.PluginA" }));
            Assert.That(badStatus, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(bad.ToString(), Does.Contain("top must be a whole number from 1 to 10000"));
        }
    }

    /// <summary>A package the build packed into artifacts/testpackages/, beside artifacts/testplugins/.</summary>
    private static string TestPackage(string name)
    {
        var testPlugins = Path.GetDirectoryName(Path.GetDirectoryName(Paths.TestPlugin("Clean")))!;
        return Path.Combine(Path.GetDirectoryName(testPlugins)!, "testpackages", $"{name}.nupkg");
    }
}
