using System.Reflection;
using PluginHost.Registration;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Tests.Packages;

/// <summary>
/// The packages tests/TestPlugins/Packages packs during the build (artifacts/testpackages), registered with
/// <c>pluginreg package register</c> against a running host's database, or in process through the product's registrar.
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

    /// <summary>Registers a test package with <c>pluginreg package register</c>; returns pluginreg's JSON of it.</summary>
    public static System.Text.Json.JsonElement Register(HostProcess host, string id, string isolation, string version = "1.0.0") =>
        host.Reg("package", "register", Path(id, version), "--isolation", isolation);

    /// <summary>Replaces a registered package's content with <c>pluginreg package update</c>.</summary>
    public static void Update(HostProcess host, string name, string id, string version) =>
        host.Reg("package", "update", name, Path(id, version));

    /// <summary>Registers a test package in the database at <paramref name="database"/>, in process.</summary>
    public static PackageRecord Register(string database, string id, IsolationMode isolation, string version = "1.0.0") =>
        new PackageRegistrar(Store(database)).Register(Path(id, version), isolation, description: null).Package;

    /// <summary>Replaces a registered package's content with another test package's.</summary>
    public static PackageRecord Update(string database, string name, string id, string version) =>
        new PackageRegistrar(Store(database)).Update(name, Path(id, version), isolation: null).Package;

    public static RegistrationStore Store(string database) => new(RegistrationDatabase.Open(database));
}
