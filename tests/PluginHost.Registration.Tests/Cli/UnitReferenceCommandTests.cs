using System.Text;
using Microsoft.Data.Sqlite;

namespace PluginHost.Registration.Tests.Cli;

/// <summary>
/// References nothing at run time resolves (a lone assembly's own dependencies), package files named unlike their
/// assembly or with unsafe names, and malformed packages, through <c>pluginreg</c> in this process.
/// </summary>
[TestFixture]
internal sealed class UnitReferenceCommandTests : CliTestBase
{
    private const string Lib = "lib/net10.0/";

    private static readonly byte[] CleanImage = File.ReadAllBytes(TestPluginPaths.Of("Clean"));

    // PackageFixtures.PluginA.dll on its own: it references PackageFixtures.Greeting, which only its package carries.
    private string PluginAAlone => TestPackages.Write(
        Folder, "PackageFixtures.PluginA.dll", TestPackages.EntryOf(TestPackages.PluginA, Lib + "PackageFixtures.PluginA.dll"));

    [Test]
    public void AssemblyRegister_SandboxedWithADependencyNothingSupplies_RefusedNamingItAndSuggestingAPackage()
    {
        var before = Revision();

        var result = InProcess("assembly", "register", PluginAAlone);

        AssertRefused(result, "PackageFixtures.PluginA.dll references PackageFixtures.Greeting 1.0.0.0, which a sandboxed assembly cannot load", "pluginreg package register");
        Assert.That(Revision(), Is.EqualTo(before));
    }

    [Test]
    public void AssemblyUpdate_SandboxedWithADependencyNothingSupplies_RefusedAndNothingChanged()
    {
        var path = TestPackages.Write(Folder, "PackageFixtures.PluginA.dll", TestPackages.EntryOf(TestPackages.PluginA, Lib + "PackageFixtures.PluginA.dll"));
        Assert.That(InProcess("assembly", "register", path, "--isolation", "none").ExitCode, Is.Zero);
        var before = Revision();

        var result = InProcess("assembly", "update", "PackageFixtures.PluginA", path, "--isolation", "sandbox");

        AssertRefused(result, "references PackageFixtures.Greeting 1.0.0.0, which a sandboxed assembly cannot load");
        Assert.That(Revision(), Is.EqualTo(before));
    }

    [Test]
    public void AssemblyRegister_IsolationNoneWithADependencyNothingSupplies_RegisteredWithAWarning()
    {
        // The assembly commands write warnings to the process's stderr; the JSON carries them too.
        var result = InProcess("assembly", "register", PluginAAlone, "--isolation", "none", "--json");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString);
            Assert.That(result.Json.GetProperty("warnings").EnumerateArray().Select(warning => warning.GetString()),
                Has.Some.Contains("PackageFixtures.PluginA.dll references PackageFixtures.Greeting 1.0.0.0").And.Some.Contains("pluginreg package register"));
        }
    }

    [Test]
    public void AssemblyRegister_ViolationsPlugin_RefusalNamesEventLogAmongTheViolations()
    {
        var result = InProcess("assembly", "register", TestPluginPaths.Of("Violations"));

        AssertRefused(result, "references System.Diagnostics.EventLog ", "System.Diagnostics.Process");
    }

    [Test]
    public void AssemblyCheck_Json_ListsUnresolvedReferences()
    {
        var result = InProcess("assembly", "check", PluginAAlone, "--json");

        var unresolved = result.Json.GetProperty("unresolvedReferences").EnumerateArray().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(unresolved.GetProperty("fileName").GetString(), Is.EqualTo("PackageFixtures.PluginA.dll"));
            Assert.That(unresolved.GetProperty("assemblyName").GetString(), Is.EqualTo("PackageFixtures.PluginA"));
            Assert.That(unresolved.GetProperty("name").GetString(), Is.EqualTo("PackageFixtures.Greeting"));
            Assert.That(unresolved.GetProperty("version").GetString(), Is.EqualTo("1.0.0.0"));
            Assert.That(InProcess("assembly", "check", Clean, "--json").Json.GetProperty("unresolvedReferences").GetArrayLength(), Is.Zero);
        }
    }

    [Test]
    public void PackageCheck_Json_ListsTheMissingDependencyAsUnresolved()
    {
        var path = TestPackages.Write(Folder, "acme.nupkg", TestPackages.Build(
            "Acme", "1.0.0", (Lib + "PackageFixtures.PluginA.dll", TestPackages.EntryOf(TestPackages.PluginA, Lib + "PackageFixtures.PluginA.dll"))));

        var result = InProcess("package", "check", path, "--json");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.Json.GetProperty("unresolvedReferences").EnumerateArray().Select(reference => reference.GetProperty("name").GetString()),
                Is.EqualTo(new[] { "PackageFixtures.Greeting" }));
            Assert.That(result.Json.GetProperty("problems").EnumerateArray().Select(problem => problem.GetString()),
                Has.Some.StartsWith("missing dependency PackageFixtures.Greeting 1.0.0.0, referenced by PackageFixtures.PluginA.dll (PackageFixtures.PluginA 1.0.0.0)"));
            Assert.That(InProcess("package", "check", TestPackages.Of(TestPackages.PluginA), "--json").Json.GetProperty("unresolvedReferences").GetArrayLength(), Is.Zero);
        }
    }

    [Test]
    public void PackageRegister_DllNamedUnlikeItsAssembly_RefusedNamingFileAndAssemblyAndNothingStored()
    {
        var path = TestPackages.Write(Folder, "acme.nupkg", TestPackages.Build("Acme", "1.0.0", (Lib + "Acme.Plugins.dll", CleanImage)));
        var before = Revision();

        var result = InProcess("package", "register", path, "--isolation", "none");

        AssertRefused(result, "lib/net10.0/Acme.Plugins.dll is assembly TestPlugins.Clean", "(TestPlugins.Clean.dll)");
        AssertNothingStored(before);
    }

    [Test]
    public void PackageRegister_DllNameDiffersOnlyInCase_Registered()
    {
        var path = TestPackages.Write(Folder, "acme.nupkg", TestPackages.Build("Acme", "1.0.0", (Lib + "testplugins.clean.DLL", CleanImage)));

        var result = InProcess("package", "register", path);

        Assert.That(result.ExitCode, Is.Zero, result.ToString);
    }

    [TestCase("lib/net10.0/../TestPlugins.Clean.dll")]
    [TestCase("lib/net10.0/x\\TestPlugins.Clean.dll")]
    [TestCase("lib/net10.0/TestPlugins.Clean\u0007.dll")]
    public void PackageRegister_UnsafeLibEntryName_RefusedNamingTheEntryAndNothingStored(string entry)
    {
        var path = TestPackages.Write(Folder, "acme.nupkg", TestPackages.Build("Acme", "1.0.0", (Lib + "TestPlugins.Clean.dll", CleanImage), (entry, CleanImage)));
        var before = Revision();

        var result = InProcess("package", "register", path);

        AssertRefused(result, "'acme.nupkg' has lib entry 'lib/net10.0/");
        AssertNothingStored(before);
    }

    [Test]
    public void PackageRegister_BrokenNuspec_RefusedNamingThePackageAndNothingStored()
    {
        var path = TestPackages.Write(Folder, "broken.nupkg", TestPackages.Zip(
            ("Acme.nuspec", Encoding.UTF8.GetBytes("<package><metadata><id>Acme</id>")), (Lib + "TestPlugins.Clean.dll", CleanImage)));
        var before = Revision();

        var result = InProcess("package", "register", path);

        AssertRefused(result, "'broken.nupkg' has an unreadable .nuspec manifest");
        AssertNothingStored(before);
    }

    [Test]
    public void PackageRegister_UnparsableFrameworkFolder_RefusedNamingThePackageAndNothingStored()
    {
        var path = TestPackages.Write(Folder, "odd.nupkg", TestPackages.Build("Acme", "1.0.0", ("lib/notaframework!/TestPlugins.Clean.dll", CleanImage)));
        var before = Revision();

        var result = InProcess("package", "register", path);

        AssertRefused(result, "'odd.nupkg' has no lib folder for a framework this host runs (it has lib/notaframework!)");
        AssertNothingStored(before);
    }

    [Test]
    public void TrustRemoveHelp_SaysWhatRemovingDoes()
    {
        var result = InProcess("trust", "remove", "--help");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString);
            Assert.That(result.StdOut, Does.Contain("name, version and SHA-256").And.Contain("stay registered").And.Contain("sandboxed steps are refused"));
        }
    }

    private CliResult InProcess(params string[] arguments) => InProcessPluginReg.Run(Database, arguments);

    private void AssertNothingStored(long revisionBefore)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Revision(), Is.EqualTo(revisionBefore));
            using var connection = new SqliteConnection($"Data Source={Database};Mode=ReadOnly;Pooling=false");
            connection.Open();
            foreach (var table in new[] { "packages", "assemblies", "plugin_types" })
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"SELECT COUNT(*) FROM {table}";
                Assert.That((long)command.ExecuteScalar()!, Is.Zero, table);
            }
        }
    }
}
