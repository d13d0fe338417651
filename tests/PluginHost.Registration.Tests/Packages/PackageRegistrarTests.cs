using System.Runtime.InteropServices;
using Dapper;
using Microsoft.Xrm.Sdk;
using PluginHost.Registration.Packages;
using PluginHost.Registration.Store;
using PluginHost.Registration.Tests.Store;

namespace PluginHost.Registration.Tests.Packages;

[TestFixture]
internal sealed class PackageRegistrarTests : StoreTestBase
{
    private const string Lib = "lib/net10.0/";

    // Read from the packed file: the build embeds its own paths, so the hash differs from one checkout to another.
    private static readonly string ReflectiveSha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
        TestPackages.EntryOf(TestPackages.PluginReflective, Lib + "PackageFixtures.Reflective.dll")));

    private string _files = "";

    private PackageRegistrar Registrar => new(Store);

    [SetUp]
    public void CreateFolder() => _files = Directory.CreateTempSubdirectory("pluginhost-packages-").FullName;

    [TearDown]
    public void DeleteFiles() => Directory.Delete(_files, recursive: true);

    [Test]
    public void Register_PackedFixture_StoresEveryAssemblyWithTypesFromABaseClassInTheDependency()
    {
        var (package, warnings) = Registrar.Register(TestPackages.Of(TestPackages.PluginA), IsolationMode.Sandbox, "greeting");

        var pluginA = package.Assemblies.Single(assembly => assembly.Name == "PackageFixtures.PluginA");
        var greeting = package.Assemblies.Single(assembly => assembly.Name == "PackageFixtures.Greeting");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(warnings, Is.Empty);
            Assert.That(package.Name, Is.EqualTo("PackageFixtures.PluginA"));
            Assert.That(package.Version, Is.EqualTo("1.0.0"));
            Assert.That(package.Description, Is.EqualTo("greeting"));
            Assert.That(pluginA.Types.Select(type => type.TypeName), Is.EqualTo(new[] { "PackageFixtures.PluginA.DerivedPlugin", "PackageFixtures.PluginA.GreetingPlugin" }));
            Assert.That(greeting.Types, Is.Empty, "PluginBase is abstract");
            Assert.That(greeting.Version, Is.EqualTo("1.0.0.0"));
            Assert.That(greeting.FileName, Is.EqualTo("PackageFixtures.Greeting.dll"));
            Assert.That(Store.ReadAssemblyContent(greeting.Id), Is.EqualTo(TestPackages.EntryOf(TestPackages.PluginA, Lib + "PackageFixtures.Greeting.dll")));
        }
    }

    [Test]
    public void Register_TwoPackagesWithConflictingDependencyVersions_BothStoredSideBySide()
    {
        Registrar.Register(TestPackages.Of(TestPackages.PluginA), IsolationMode.Sandbox, null);
        Registrar.Register(TestPackages.Of(TestPackages.PluginB), IsolationMode.None, null);

        var greetings = Store.ListAssemblies().Where(assembly => assembly.Name == "PackageFixtures.Greeting").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(greetings.Select(assembly => (assembly.Version, assembly.PackageName)), Is.EquivalentTo(new[]
            {
                ("1.0.0.0", "PackageFixtures.PluginA"),
                ("2.0.0.0", "PackageFixtures.PluginB"),
            }));
            Assert.That(greetings.Select(assembly => assembly.Sha256).Distinct().Count(), Is.EqualTo(2));
        }
    }

    [Test]
    public void Register_SdkInsideThePackage_NotStoredWithAWarning()
    {
        var (package, warnings) = Registrar.Register(TestPackages.Of(TestPackages.PluginB), IsolationMode.Sandbox, null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(package.Assemblies.Select(assembly => assembly.Name), Is.EqualTo(new[] { "PackageFixtures.Greeting", "PackageFixtures.PluginB" }));
            Assert.That(warnings, Has.One.Contains("Microsoft.Xrm.Sdk.dll (Microsoft.Xrm.Sdk 9.0.0.0) is not stored: the host supplies its own Microsoft.Xrm.Sdk"));
            Assert.That(Count("assemblies"), Is.EqualTo(2));
        }
    }

    [Test]
    public void Register_DependencyTheFrameworkAlsoHas_NotStoredAndTheFrameworksCopyNamed()
    {
        var frameworkJson = File.ReadAllBytes(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "System.Text.Json.dll"));
        var path = Package("Acme.WithJson", ("PackageFixtures.PluginA.dll", PluginADll), ("PackageFixtures.Greeting.dll", GreetingV1Dll), ("System.Text.Json.dll", frameworkJson));

        var (package, warnings) = Registrar.Register(path, IsolationMode.Sandbox, null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(package.Assemblies.Select(assembly => assembly.Name), Does.Not.Contain("System.Text.Json"));
            Assert.That(warnings, Has.One.Contains("System.Text.Json.dll (System.Text.Json ").And.Contains("is not stored").And.Contains("the framework's copy is used"));
        }
    }

    [Test]
    public void Register_Net462PackageWithFacades_StoresThePluginAndLeavesTheFacadesToTheFramework()
    {
        var folder = Path.GetDirectoryName(TestPluginPaths.Of("NoOp462"))!;
        var files = new[] { "TestPlugins.NoOp.dll", "netstandard.dll", "System.Runtime.dll" }
            .Select(name => ($"lib/net462/{name}", File.ReadAllBytes(Path.Combine(folder, name))))
            .ToArray();
        var path = TestPackages.Write(_files, "noop462.nupkg", TestPackages.Build("Acme.NoOp462", "1.0.0", files));

        var (package, warnings) = Registrar.Register(path, IsolationMode.Sandbox, null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(package.Assemblies.Select(assembly => assembly.Name), Is.EqualTo(new[] { "TestPlugins.NoOp" }));
            Assert.That(package.Assemblies[0].Types, Is.Not.Empty);
            Assert.That(warnings, Has.Count.EqualTo(2).And.All.Contains("the framework's copy is used"));
        }
    }

    [Test]
    public void Register_DisallowedApiInADependency_RefusedNamingItAndTheTrustCommandThenAcceptedOnceTrusted()
    {
        var path = TestPackages.Of(TestPackages.PluginReflective);

        var refusal = Assert.Throws<RegistrationException>(() => Registrar.Register(path, IsolationMode.Sandbox, null));
        var countAfterRefusal = Count("assemblies");
        Store.AddTrusted("PackageFixtures.Reflective", "1.0.0.0", ReflectiveSha, "reviewed");
        var (package, warnings) = Registrar.Register(path, IsolationMode.Sandbox, null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal!.Problems, Has.Some.Contains(
                $"dependency PackageFixtures.Reflective.dll (PackageFixtures.Reflective 1.0.0.0, SHA-256 {ReflectiveSha}) uses disallowed API System.IO.File::ReadAllText — used in PackageFixtures.Reflective.Probe::ReadIfPresent"));
            Assert.That(refusal.Problems, Has.Some.Contains("System.Reflection.MethodBase::Invoke"));
            Assert.That(refusal.Problems, Has.Some.Contains($"pluginreg trust add PackageFixtures.Reflective --version 1.0.0.0 --sha256 {ReflectiveSha}"));
            Assert.That(countAfterRefusal, Is.Zero);
            Assert.That(package.Assemblies, Has.Count.EqualTo(2));
            Assert.That(warnings, Has.Some.StartsWith("trusted dependency PackageFixtures.Reflective.dll").And.Some.Contains("System.IO.File::ReadAllText"));
        }
    }

    [Test]
    public void Register_TrustOnAnotherVersionOrSha_StillRefused()
    {
        Store.AddTrusted("PackageFixtures.Reflective", "1.0.0.1", ReflectiveSha, null);
        Store.AddTrusted("PackageFixtures.Reflective", "1.0.0.0", new string('0', 64), null);

        var refusal = Assert.Throws<RegistrationException>(() => Registrar.Register(TestPackages.Of(TestPackages.PluginReflective), IsolationMode.Sandbox, null));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal!.Problems, Has.Some.Contains("uses disallowed API System.IO.File::ReadAllText"));
            Assert.That(Count("packages"), Is.Zero);
        }
    }

    [Test]
    public void Register_TrustedPluginAssembly_TrustDoesNotApplyToPluginCode()
    {
        var violations = File.ReadAllBytes(TestPluginPaths.Of("Violations"));
        var check = new AssemblyRegistrar(Store).Check(violations, "TestPlugins.Violations.dll", IsolationMode.Sandbox);
        Store.AddTrusted(check.Name!, check.Version!, check.Sha256!, null);
        var path = Package("Acme.Violations", ("TestPlugins.Violations.dll", violations));

        var refusal = Assert.Throws<RegistrationException>(() => Registrar.Register(path, IsolationMode.Sandbox, null));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal!.Problems, Has.Some.StartsWith($"TestPlugins.Violations.dll ({check.Name} {check.Version}) uses disallowed API"));
            Assert.That(refusal.Problems, Has.None.Contains("pluginreg trust add"), "no trust hint for plug-in code");
            Assert.That(Count("packages"), Is.Zero);
        }
    }

    [Test]
    public void Register_IsolationNone_DisallowedApisAreWarnings()
    {
        var (package, warnings) = Registrar.Register(TestPackages.Of(TestPackages.PluginReflective), IsolationMode.None, null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(package.Isolation, Is.EqualTo(IsolationMode.None));
            Assert.That(warnings, Has.Some.Contains("uses disallowed API System.IO.File::ReadAllText").And.Some.Contains("isolation none"));
        }
    }

    [Test]
    public void Register_MissingDependency_RefusedNamingItAndWhoReferencesItWithNothingStored()
    {
        var path = Package("Acme.Broken", ("PackageFixtures.PluginA.dll", PluginADll));

        var refusal = Assert.Throws<RegistrationException>(() => Registrar.Register(path, IsolationMode.Sandbox, null));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal!.Message, Does.Contain(
                "missing dependency PackageFixtures.Greeting 1.0.0.0, referenced by PackageFixtures.PluginA.dll (PackageFixtures.PluginA 1.0.0.0): it is not in lib/net10.0/ of acme.broken.nupkg"));
            AssertNothingStored();
        }
    }

    [Test]
    public void Register_DependencyOlderThanReferenced_RefusedNamingBothVersions()
    {
        var path = Package("Acme.Old", ("PackageFixtures.PluginB.dll", TestPackages.EntryOf(TestPackages.PluginB, Lib + "PackageFixtures.PluginB.dll")), ("PackageFixtures.Greeting.dll", GreetingV1Dll));

        var refusal = Assert.Throws<RegistrationException>(() => Registrar.Register(path, IsolationMode.Sandbox, null));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal!.Message, Does.Contain("references PackageFixtures.Greeting 2.0.0.0, but package acme.old.nupkg carries the older 1.0.0.0"));
            AssertNothingStored();
        }
    }

    [Test]
    public void Register_NoPluginTypeInAnyAssembly_RefusedWithNothingStored()
    {
        var path = Package("Acme.Library", ("PackageFixtures.Greeting.dll", GreetingV1Dll));

        var refusal = Assert.Throws<RegistrationException>(() => Registrar.Register(path, IsolationMode.Sandbox, null));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal!.Message, Does.Contain("package acme.library.nupkg (PackageFixtures.Greeting.dll in lib/net10.0/) has no plug-in type").And.Contain("PackageFixtures.Greeting.PluginBase is abstract"));
            AssertNothingStored();
        }
    }

    [Test]
    public void Register_AnAssemblyIsNotDotNet_RefusedNamingTheFile()
    {
        var path = Package("Acme.Native", ("PackageFixtures.PluginA.dll", PluginADll), ("PackageFixtures.Greeting.dll", GreetingV1Dll), ("native.dll", [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1]));

        var refusal = Assert.Throws<RegistrationException>(() => Registrar.Register(path, IsolationMode.Sandbox, null));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal!.Message, Does.Contain("native.dll is a native ELF (Linux) binary, not a .NET assembly"));
            AssertNothingStored();
        }
    }

    [Test]
    public void Check_SameAssemblyUnderTwoFileNames_RefusedAsTheStoreWould()
    {
        // Two zip entries whose names differ only in case: both are named after the assembly, so only the store's rule refuses them.
        var path = Package("Acme.Twice", ("PackageFixtures.PluginA.dll", PluginADll), ("packagefixtures.plugina.dll", PluginADll), ("PackageFixtures.Greeting.dll", GreetingV1Dll));

        var check = Registrar.Check(path, IsolationMode.Sandbox);

        Assert.That(check.Refusals, Has.Some.Contains("holds assembly PackageFixtures.PluginA 2 times (").And.Some.Contains("packagefixtures.plugina.dll"));
    }

    [Test]
    public void Check_AssemblyUnderAnotherFileName_RefusedNamingTheFileAndItsAssembly()
    {
        var path = Package("Acme.Renamed", ("Copy.dll", PluginADll), ("PackageFixtures.Greeting.dll", GreetingV1Dll));

        var check = Registrar.Check(path, IsolationMode.None);

        Assert.That(check.Refusals, Is.EqualTo(new[]
        {
            "lib/net10.0/Copy.dll is assembly PackageFixtures.PluginA: a package's assembly file must be named after its assembly (PackageFixtures.PluginA.dll), " +
            "because the host loads dependencies by file name; rename the file, or pack the assembly as its build names it",
        }));
    }

    [Test]
    public void Check_SandboxedAssemblyOverTheFrameLimit_Refused()
    {
        var padded = File.ReadAllBytes(TestPluginPaths.Of("Clean")).Concat(new byte[AssemblyRegistrar.MaxSandboxedAssemblyBytes]).ToArray();
        var path = Package("Acme.Big", ("PackageFixtures.PluginA.dll", PluginADll), ("PackageFixtures.Greeting.dll", GreetingV1Dll), ("Big.dll", padded));

        var check = Registrar.Check(path, IsolationMode.Sandbox);

        Assert.That(check.Refusals, Has.One.StartsWith("Big.dll is ").And.Contains("more than the 66,060,288 bytes (63 MiB) a sandboxed assembly can have"));
    }

    [Test]
    public void Check_RefusedAndAcceptedPackages_StoreNothing()
    {
        var before = Store.Database.ReadRevision();

        var refused = Registrar.Check(TestPackages.Of(TestPackages.PluginReflective), IsolationMode.Sandbox);
        var accepted = Registrar.Check(TestPackages.Of(TestPackages.PluginB), IsolationMode.Sandbox);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.Accepted, Is.False);
            Assert.That(refused.Assemblies.Single(assembly => assembly.Name == "PackageFixtures.Reflective").Violations, Has.Count.EqualTo(3));
            Assert.That(accepted.Accepted, Is.True);
            Assert.That(accepted.Assemblies.Single(assembly => assembly.Name == "Microsoft.Xrm.Sdk").Fate, Is.EqualTo(PackagedAssemblyFate.Supplied));
            Assert.That(accepted.PluginTypes, Is.EqualTo(new[] { "PackageFixtures.PluginB.GreetingPlugin" }));
            Assert.That(Store.Database.ReadRevision(), Is.EqualTo(before));
            AssertNothingStored();
        }
    }

    [Test]
    public void Update_NextVersion_KeepsStepsOnTheirTypes()
    {
        var (original, _) = Registrar.Register(TestPackages.Of(TestPackages.PluginA), IsolationMode.Sandbox, null);
        var step = Store.RegisterStep(new StepDefinition { PluginType = "PackageFixtures.PluginA.DerivedPlugin", Message = "Create", Stage = 20 });

        var (updated, _) = Registrar.Update("packagefixtures.plugina", TestPackages.Of(TestPackages.PluginANext), null);

        var pluginA = updated.Assemblies.Single(assembly => assembly.Name == "PackageFixtures.PluginA");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(updated.Id, Is.EqualTo(original.Id));
            Assert.That(updated.Version, Is.EqualTo("1.1.0"));
            Assert.That(pluginA.Version, Is.EqualTo("1.1.0.0"));
            Assert.That(Store.FindStep(step.Id.ToString()).PluginTypeId, Is.EqualTo(step.PluginTypeId));
            Assert.That(Store.ReadAssemblyContent(pluginA.Id), Is.EqualTo(TestPackages.EntryOf(TestPackages.PluginANext, Lib + "PackageFixtures.PluginA.dll")));
        }
    }

    [Test]
    public void Update_RefusedContent_LeavesThePackageAsItWas()
    {
        Registrar.Register(TestPackages.Of(TestPackages.PluginA), IsolationMode.Sandbox, null);
        var path = Package("PackageFixtures.PluginA", ("PackageFixtures.PluginA.dll", PluginADll));

        Assert.Throws<RegistrationException>(() => Registrar.Update("PackageFixtures.PluginA", path, null));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Store.FindPackage("PackageFixtures.PluginA").Assemblies, Has.Count.EqualTo(2));
            Assert.That(Count("assemblies"), Is.EqualTo(2));
        }
    }

    private static byte[] PluginADll => TestPackages.EntryOf(TestPackages.PluginA, Lib + "PackageFixtures.PluginA.dll");

    private static byte[] GreetingV1Dll => TestPackages.EntryOf(TestPackages.PluginA, Lib + "PackageFixtures.Greeting.dll");

    /// <summary>Writes a package of these lib/net10.0/ files, named after its id in lowercase, and returns its path.</summary>
    private string Package(string id, params (string FileName, byte[] Content)[] files) =>
        TestPackages.Write(_files, $"{id.ToLowerInvariant()}.nupkg", TestPackages.Build(id, "1.0.0", files.Select(file => (Lib + file.FileName, file.Content)).ToArray()));

    private void AssertNothingStored()
    {
        foreach (var table in new[] { "packages", "assemblies", "plugin_types" })
        {
            Assert.That(Count(table), Is.Zero, table);
        }
    }

    private int Count(string table)
    {
        using var connection = Store.Database.OpenConnection();
        return connection.ExecuteScalar<int>($"SELECT COUNT(*) FROM {table}");
    }
}
