using System.Reflection;
using PluginHost.Registration;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Tests.Packages;

/// <summary>
/// The packages tests/TestPlugins/Packages packs during the build (artifacts/testpackages), and their registration
/// against a host's database the way <c>pluginreg package register</c> does it: through the product's registrar.
/// </summary>
internal static class TestPackages
{
    public const string PluginA = "PackageFixtures.PluginA";
    public const string PluginB = "PackageFixtures.PluginB";

    /// <summary>artifacts/testpackages/&lt;id&gt;.&lt;version&gt;.nupkg.</summary>
    public static string Path(string id, string version = "1.0.0")
    {
        var testPlugins = typeof(TestPackages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == "TestPlugins").Value!;
        var file = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(testPlugins.TrimEnd('/'))!, "testpackages", $"{id}.{version}.nupkg");
        return File.Exists(file) ? file : throw new FileNotFoundException($"the test package {file} was not built");
    }

    /// <summary>Registers a test package in the database at <paramref name="database"/>.</summary>
    public static PackageRecord Register(string database, string id, IsolationMode isolation, string version = "1.0.0") =>
        new PackageRegistrar(Store(database)).Register(Path(id, version), isolation, description: null).Package;

    /// <summary>Replaces a registered package's content with another test package's.</summary>
    public static PackageRecord Update(string database, string name, string id, string version) =>
        new PackageRegistrar(Store(database)).Update(name, Path(id, version), isolation: null).Package;

    public static RegistrationStore Store(string database) => new(RegistrationDatabase.Open(database));
}
