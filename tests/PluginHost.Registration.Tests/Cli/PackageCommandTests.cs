using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PluginHost.Registration.Tests.Cli;

/// <summary><c>pluginreg package ...</c>, run in this process on the packed fixtures.</summary>
[TestFixture]
internal sealed class PackageCommandTests : CliTestBase
{
    private static readonly string[] PackageProperties = ["id", "name", "version", "sha256", "isolation", "description", "registeredOn", "modifiedOn", "assemblies"];
    private static readonly string[] AssemblyProperties = ["id", "name", "version", "fileName", "sha256", "pluginTypes"];

    [Test]
    public void List_Json_HasTheDocumentedShape()
    {
        InProcess("package", "register", TestPackages.Of(TestPackages.PluginA), "--description", "greets");

        var packages = InProcessJson("package", "list").EnumerateArray().ToList();

        var package = packages.Single();
        var assemblies = package.GetProperty("assemblies").EnumerateArray().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(package.EnumerateObject().Select(property => property.Name), Is.EqualTo(PackageProperties));
            Assert.That(assemblies.Select(assembly => assembly.EnumerateObject().Select(property => property.Name)), Has.All.EqualTo(AssemblyProperties));
            Assert.That(package.GetProperty("name").GetString(), Is.EqualTo("PackageFixtures.PluginA"));
            Assert.That(package.GetProperty("version").GetString(), Is.EqualTo("1.0.0"));
            Assert.That(package.GetProperty("isolation").GetString(), Is.EqualTo("sandbox"));
            Assert.That(package.GetProperty("description").GetString(), Is.EqualTo("greets"));
            Assert.That(assemblies.Select(assembly => assembly.GetProperty("fileName").GetString()), Is.EqualTo(new[] { "PackageFixtures.Greeting.dll", "PackageFixtures.PluginA.dll" }));
            Assert.That(assemblies[1].GetProperty("pluginTypes").EnumerateArray().Select(type => type.GetString()),
                Is.EqualTo(new[] { "PackageFixtures.PluginA.DerivedPlugin", "PackageFixtures.PluginA.GreetingPlugin" }));
        }
    }

    [Test]
    public void Register_SdkInside_WarnsOnStderrAndStoresTheRest()
    {
        var result = InProcess("package", "register", TestPackages.Of(TestPackages.PluginB), "--isolation", "none");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.Zero, result.ToString);
            Assert.That(result.StdOut, Does.Contain("Registered package PackageFixtures.PluginB 1.0.0").And.Contain("isolation none").And.Contain("PackageFixtures.PluginB.GreetingPlugin"));
            Assert.That(result.ErrorLines, Is.EqualTo(new[]
            {
                "warning: Microsoft.Xrm.Sdk.dll (Microsoft.Xrm.Sdk 9.0.0.0) is not stored: the host supplies its own Microsoft.Xrm.Sdk to every plug-in",
            }));
            Assert.That(Rows("assemblies"), Is.EqualTo(2));
        }
    }

    [Test]
    public void AssemblyList_ShowsPackageMembersWithTheirPackage()
    {
        InProcess("package", "register", TestPackages.Of(TestPackages.PluginA));

        var json = InProcessJson("assembly", "list").EnumerateArray().ToList();
        var text = InProcess("assembly", "list").StdOut;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(json.Select(assembly => assembly.GetProperty("package").GetString()), Has.All.EqualTo("PackageFixtures.PluginA"));
            Assert.That(json.Select(assembly => assembly.GetProperty("fileName").GetString()), Is.EqualTo(new[] { "PackageFixtures.Greeting.dll", "PackageFixtures.PluginA.dll" }));
            Assert.That(text, Does.Contain("package PackageFixtures.PluginA (PackageFixtures.Greeting.dll)"));
        }
    }

    [Test]
    public void Update_NextVersion_StepStaysAndVersionChanges()
    {
        InProcess("package", "register", TestPackages.Of(TestPackages.PluginA));
        var step = InProcessJson("step", "register", "--type", "PackageFixtures.PluginA.GreetingPlugin", "--message", "Create", "--entity", "account", "--stage", "preoperation")
            .GetProperty("id").GetString();

        var updated = InProcessJson("package", "update", "PackageFixtures.PluginA", TestPackages.Of(TestPackages.PluginANext));
        var steps = InProcessJson("step", "list").EnumerateArray().ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(updated.GetProperty("version").GetString(), Is.EqualTo("1.1.0"));
            Assert.That(updated.GetProperty("warnings").GetArrayLength(), Is.Zero);
            Assert.That(steps.Select(entry => entry.GetProperty("id").GetString()), Is.EqualTo(new[] { step }));
        }
    }

    [Test]
    public void Unregister_WithSteps_RefusedThenForcedRemovesEverything()
    {
        InProcess("package", "register", TestPackages.Of(TestPackages.PluginA));
        InProcessJson("step", "register", "--type", "PackageFixtures.PluginA.DerivedPlugin", "--message", "Create", "--stage", "preoperation");

        var refused = InProcess("package", "unregister", "PackageFixtures.PluginA");
        var forced = InProcessJson("package", "unregister", "PackageFixtures.PluginA", "--force");

        AssertRefused(refused, "error: package PackageFixtures.PluginA 1.0.0 has 1 step(s): unregister them first, or use --force");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(forced.GetProperty("removedSteps").GetInt32(), Is.EqualTo(1));
            Assert.That(Rows("packages") + Rows("assemblies") + Rows("plugin_types") + Rows("steps"), Is.Zero);
        }
    }

    [Test]
    public void AssemblyUpdateAndUnregister_PackageMember_RefusedNamingThePackage()
    {
        InProcess("package", "register", TestPackages.Of(TestPackages.PluginA));

        var update = InProcess("assembly", "update", "PackageFixtures.Greeting", TestPluginPaths.Of("Clean"));
        var unregister = InProcess("assembly", "unregister", "PackageFixtures.PluginA", "--force");

        AssertRefused(update, "is part of package PackageFixtures.PluginA", "'pluginreg package update PackageFixtures.PluginA <file.nupkg>'");
        AssertRefused(unregister, "is part of package PackageFixtures.PluginA", "'pluginreg package unregister PackageFixtures.PluginA'");
        Assert.That(Rows("assemblies"), Is.EqualTo(2));
    }

    [Test]
    public void Check_RefusedPackage_ReportsEverythingExitsOneAndChangesNothing()
    {
        var before = Revision();

        var text = InProcess("package", "check", TestPackages.Of(TestPackages.PluginReflective));
        var json = InProcess("package", "check", TestPackages.Of(TestPackages.PluginReflective), "--json");

        var report = JsonDocument.Parse(json.StdOut).RootElement;
        var dependency = report.GetProperty("assemblies").EnumerateArray().Single(assembly => assembly.GetProperty("name").GetString() == "PackageFixtures.Reflective");
        AssertRefused(text, "uses disallowed API System.IO.File::ReadAllText", "pluginreg trust add PackageFixtures.Reflective --version 1.0.0.0 --sha256 ");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(text.StdOut, Does.Contain("(stored, dependency)").And.Contain("Would be refused with isolation sandbox."));
            Assert.That(json.ExitCode, Is.EqualTo(1));
            Assert.That(report.GetProperty("accepted").GetBoolean(), Is.False);
            Assert.That(report.GetProperty("folder").GetString(), Is.EqualTo("lib/net10.0"));
            Assert.That(report.GetProperty("types").EnumerateArray().Select(type => type.GetString()), Is.EqualTo(new[] { "PackageFixtures.PluginReflective.ReflectivePlugin" }));
            Assert.That(dependency.GetProperty("fate").GetString(), Is.EqualTo("stored"));
            Assert.That(dependency.GetProperty("trusted").GetBoolean(), Is.False);
            Assert.That(dependency.GetProperty("violations").GetArrayLength(), Is.EqualTo(3));
            Assert.That(Revision(), Is.EqualTo(before));
            Assert.That(Rows("packages"), Is.Zero);
        }
    }

    [TestCase("empty.nupkg", "", "file 'empty.nupkg' is empty: it is not a NuGet package")]
    [TestCase("text.nupkg", "not a zip", "'text.nupkg' is not a readable NuGet package (not a zip archive, or a truncated or corrupt one)")]
    public void Register_UnreadableFile_ClearErrorAndNothingStored(string fileName, string content, string error)
    {
        var path = TestPackages.Write(Folder, fileName, Encoding.UTF8.GetBytes(content));
        var before = Revision();

        var result = InProcess("package", "register", path);

        AssertRefused(result, $"error: {error}");
        AssertNothingStored(before);
    }

    [Test]
    public void Register_NoAssemblies_ClearErrorAndNothingStored()
    {
        var path = TestPackages.Write(Folder, "docs.nupkg", TestPackages.Build("Acme.Docs", "1.0.0", ("content/readme.md", [1])));
        var before = Revision();

        var result = InProcess("package", "register", path);

        AssertRefused(result, "error: 'docs.nupkg' has no lib folder, so no assemblies");
        AssertNothingStored(before);
    }

    [Test]
    public void Register_MissingDependency_ClearErrorAndNothingStored()
    {
        var pluginA = TestPackages.EntryOf(TestPackages.PluginA, "lib/net10.0/PackageFixtures.PluginA.dll");
        var path = TestPackages.Write(Folder, "alone.nupkg", TestPackages.Build("Acme.Alone", "1.0.0", ("lib/net10.0/PackageFixtures.PluginA.dll", pluginA)));
        var before = Revision();

        var result = InProcess("package", "register", path);

        AssertRefused(result, "error: missing dependency PackageFixtures.Greeting 1.0.0.0, referenced by PackageFixtures.PluginA.dll (PackageFixtures.PluginA 1.0.0.0)");
        AssertNothingStored(before);
    }

    [Test]
    public void Register_MissingFile_RefusedNamingIt()
    {
        var path = Path.Combine(Folder, "nowhere.nupkg");

        AssertRefused(InProcess("package", "register", path), $"error: file '{path}' does not exist");
    }

    private CliResult InProcess(params string[] arguments) => InProcessPluginReg.Run(Database, arguments);

    private JsonElement InProcessJson(params string[] arguments)
    {
        var result = InProcess([.. arguments, "--json"]);
        Assert.That(result.ExitCode, Is.Zero, result.ToString);
        return result.Json;
    }

    private void AssertNothingStored(long revisionBefore)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Revision(), Is.EqualTo(revisionBefore));
            foreach (var table in new[] { "packages", "assemblies", "plugin_types" })
            {
                Assert.That(Rows(table), Is.Zero, table);
            }
        }
    }

    private long Rows(string table)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Mode=ReadOnly;Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }
}
