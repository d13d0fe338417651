using Dapper;
using Microsoft.Xrm.Sdk;
using PluginHost.Registration.Store;

namespace PluginHost.Registration.Tests.Store;

[TestFixture(DatabaseBackend.Sqlite)]
[TestFixture(DatabaseBackend.PostgreSql)]
internal sealed class PackageStoreTests(DatabaseBackend backend) : StoreTestBase(backend)
{
    [Test]
    public void AddPackage_TwoPackagesCarryTheSameDependencyVersion_BothStoredApart()
    {
        var first = Store.AddPackage(Package("Acme.First", ("Acme.First", ["Acme.First.Plugin"]), ("Newtonsoft.Json", [])), IsolationMode.Sandbox, "one");
        var second = Store.AddPackage(Package("Acme.Second", ("Acme.Second", ["Acme.Second.Plugin"]), ("Newtonsoft.Json", [])), IsolationMode.None, null);

        var json = Store.ListAssemblies().Where(assembly => assembly.Name == "Newtonsoft.Json").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Store.ListPackages().Select(package => package.Name), Is.EqualTo(new[] { "Acme.First", "Acme.Second" }));
            Assert.That(json.Select(assembly => assembly.PackageName), Is.EquivalentTo(new[] { "Acme.First", "Acme.Second" }));
            Assert.That(json.Select(assembly => assembly.FileName), Is.All.EqualTo("Newtonsoft.Json.dll"));
            Assert.That(first.Assemblies.Select(assembly => assembly.Isolation), Is.All.EqualTo(IsolationMode.Sandbox));
            Assert.That(second.Assemblies.Select(assembly => assembly.Isolation), Is.All.EqualTo(IsolationMode.None));
            Assert.That(first.Description, Is.EqualTo("one"));
            Assert.That(Store.ReadAssemblyContent(json[0].Id), Is.EqualTo(Bytes("Newtonsoft.Json")));
        }
    }

    [Test]
    public void AddPackage_NameTakenInAnyCase_RefusedNamingUpdateAndNothingStored()
    {
        Store.AddPackage(Package("Acme.First", ("Acme.First", ["Acme.Plugin"])), IsolationMode.Sandbox, null);

        var refusal = Assert.Throws<RegistrationException>(() =>
            Store.AddPackage(Package("acme.first", ("Acme.Other", ["Acme.Other.Plugin"])), IsolationMode.Sandbox, null));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal!.Message, Does.Contain("package Acme.First 1.0.0 is already registered").And.Contain("pluginreg package update Acme.First"));
            Assert.That(Count("assemblies"), Is.EqualTo(1));
        }
    }

    [Test]
    public void AddPackage_SameTypeInTwoAssemblies_RefusedNamingBothFiles()
    {
        var refusal = Assert.Throws<RegistrationException>(() =>
            Store.AddPackage(Package("Acme", ("Acme.One", ["Acme.Plugin"]), ("Acme.Two", ["Acme.Plugin"])), IsolationMode.Sandbox, null));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal!.Message, Does.Contain("Acme.Plugin is defined in Acme.One.dll and Acme.Two.dll"));
            Assert.That(Count("packages"), Is.Zero);
        }
    }

    [Test]
    public void AddAssembly_LoneAssemblyWithAPackageMembersNameAndVersion_Stored()
    {
        Store.AddPackage(Package("Acme", ("Acme.Plugins", ["Acme.Plugin"])), IsolationMode.Sandbox, null);

        var lone = Store.AddAssembly(new AssemblyContent("Acme.Plugins", "1.0.0.0", "neutral", null, "ff", [1], ["Acme.Plugin"]), IsolationMode.Sandbox, null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(lone.PackageId, Is.Null);
            Assert.That(lone.FileName, Is.EqualTo("Acme.Plugins.dll"));
            Assert.That(Store.ListAssemblies(), Has.Count.EqualTo(2));
        }
    }

    [Test]
    public void UpdateAndRemoveAssembly_PackageMember_RefusedNamingThePackageCommand()
    {
        var package = Store.AddPackage(Package("Acme", ("Acme.Plugins", ["Acme.Plugin"]), ("Acme.Helpers", [])), IsolationMode.Sandbox, null);
        var helpers = package.Assemblies.Single(assembly => assembly.Name == "Acme.Helpers");

        var update = Assert.Throws<RegistrationException>(() =>
            Store.UpdateAssembly(helpers.Id.ToString(), new AssemblyContent("Acme.Helpers", "2.0.0.0", "neutral", null, "ee", [2], []), null));
        var remove = Assert.Throws<RegistrationException>(() => Store.RemoveAssembly("Acme.Helpers", force: true));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(update!.Message, Does.Contain("is part of package Acme").And.Contain("'pluginreg package update Acme <file.nupkg>'"));
            Assert.That(remove!.Message, Does.Contain("is part of package Acme").And.Contain("'pluginreg package unregister Acme'"));
            Assert.That(Count("assemblies"), Is.EqualTo(2));
        }
    }

    [Test]
    public void UpdatePackage_TypeMovesToAnotherAssembly_StepStaysOnItAndAssemblyIdsAreKept()
    {
        var original = Store.AddPackage(Package("Acme", ("Acme.Plugins", ["Acme.Plugin", "Acme.Spare"]), ("Acme.Helpers", [])), IsolationMode.Sandbox, null);
        var step = Store.RegisterStep(new StepDefinition { PluginType = "Acme.Plugin", Message = "Create", Stage = 20 });

        var updated = Store.UpdatePackage(
            "Acme",
            Package("Acme", "2.0.0", ("Acme.Plugins", []), ("Acme.Helpers", ["Acme.Plugin"]), ("Acme.Extra", ["Acme.New"])),
            IsolationMode.None);

        var helpers = updated.Assemblies.Single(assembly => assembly.Name == "Acme.Helpers");
        var moved = Store.FindStep(step.Id.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(updated.Version, Is.EqualTo("2.0.0"));
            Assert.That(updated.Isolation, Is.EqualTo(IsolationMode.None));
            Assert.That(updated.Assemblies.Select(assembly => assembly.Isolation), Is.All.EqualTo(IsolationMode.None));
            Assert.That(updated.Assemblies.Select(assembly => assembly.Name), Is.EqualTo(new[] { "Acme.Extra", "Acme.Helpers", "Acme.Plugins" }));
            Assert.That(helpers.Id, Is.EqualTo(original.Assemblies.Single(assembly => assembly.Name == "Acme.Helpers").Id));
            Assert.That(moved.PluginTypeId, Is.EqualTo(step.PluginTypeId));
            Assert.That(moved.AssemblyId, Is.EqualTo(helpers.Id));
            Assert.That(updated.Assemblies.SelectMany(assembly => assembly.Types).Select(type => type.TypeName), Is.EquivalentTo(new[] { "Acme.Plugin", "Acme.New" }));
        }
    }

    [Test]
    public void UpdatePackage_AssemblyGone_RemovedWithItsContent()
    {
        Store.AddPackage(Package("Acme", ("Acme.Plugins", ["Acme.Plugin"]), ("Acme.Helpers", [])), IsolationMode.Sandbox, null);

        var updated = Store.UpdatePackage("Acme", Package("Acme", "1.1.0", ("Acme.Plugins", ["Acme.Plugin"])));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(updated.Assemblies.Select(assembly => assembly.Name), Is.EqualTo(new[] { "Acme.Plugins" }));
            Assert.That(updated.Isolation, Is.EqualTo(IsolationMode.Sandbox), "isolation kept when not given");
            Assert.That(Count("assemblies"), Is.EqualTo(1));
        }
    }

    [Test]
    public void UpdatePackage_TypeWithStepsMissing_RefusedAndNothingChanged()
    {
        Store.AddPackage(Package("Acme", ("Acme.Plugins", ["Acme.Plugin"])), IsolationMode.Sandbox, null);
        Store.RegisterStep(new StepDefinition { PluginType = "Acme.Plugin", Message = "Create", Stage = 20 });

        var refusal = Assert.Throws<RegistrationException>(() => Store.UpdatePackage("Acme", Package("Acme", "2.0.0", ("Acme.Plugins", ["Acme.Other"]))));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal!.Message, Does.Contain("plug-in type Acme.Plugin has 1 step(s) but is not in the new content of package Acme"));
            Assert.That(Store.FindPackage("Acme").Version, Is.EqualTo("1.0.0"));
        }
    }

    [Test]
    public void UpdatePackage_OtherPackagesFile_RefusedNamingBoth()
    {
        Store.AddPackage(Package("Acme", ("Acme.Plugins", ["Acme.Plugin"])), IsolationMode.Sandbox, null);

        var refusal = Assert.Throws<RegistrationException>(() => Store.UpdatePackage("Acme", Package("Other", ("Other", ["Other.Plugin"]))));

        Assert.That(refusal!.Message, Does.Contain("the new file is package 'Other', not 'Acme'"));
    }

    [Test]
    public void RemovePackage_WithSteps_RefusedUnlessForcedThenEveryRowGoes()
    {
        var package = Store.AddPackage(Package("Acme", ("Acme.Plugins", ["Acme.Plugin"]), ("Acme.Helpers", [])), IsolationMode.Sandbox, null);
        var step = Store.RegisterStep(new StepDefinition { PluginType = "Acme.Plugin", Message = "Update", Stage = 40, SecureConfig = "s" });
        Store.RegisterImage(step.Id.ToString(), ImageKind.Pre, "pre", []);

        var refusal = Assert.Throws<RegistrationException>(() => Store.RemovePackage("Acme", force: false));
        var (removed, steps) = Store.RemovePackage(package.Id.ToString(), force: true);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal!.Message, Does.Contain("package Acme 1.0.0 has 1 step(s)").And.Contain("--force"));
            Assert.That(removed.Name, Is.EqualTo("Acme"));
            Assert.That(steps, Is.EqualTo(1));
            foreach (var table in new[] { "packages", "assemblies", "plugin_types", "steps", "step_images", "step_secure_configs" })
            {
                Assert.That(Count(table), Is.Zero, table);
            }
        }
    }

    [Test]
    public void PackageChanges_BumpTheRevision()
    {
        var revisions = new List<long> { Store.Database.ReadRevision() };
        Store.AddPackage(Package("Acme", ("Acme.Plugins", ["Acme.Plugin"])), IsolationMode.Sandbox, null);
        revisions.Add(Store.Database.ReadRevision());
        Store.UpdatePackage("Acme", Package("Acme", "2.0.0", ("Acme.Plugins", ["Acme.Plugin"])));
        revisions.Add(Store.Database.ReadRevision());
        Store.RemovePackage("Acme", force: false);
        revisions.Add(Store.Database.ReadRevision());

        Assert.That(revisions, Is.Ordered.Ascending.And.Unique);
    }

    private int Count(string table)
    {
        using var connection = Store.Database.OpenDbConnection();
        return connection.ExecuteScalar<int>($"SELECT COUNT(*) FROM {table}");
    }

    private static byte[] Bytes(string name) => System.Text.Encoding.UTF8.GetBytes(name);

    private static PackageContent Package(string name, params (string Assembly, string[] Types)[] assemblies) => Package(name, "1.0.0", assemblies);

    private static PackageContent Package(string name, string version, params (string Assembly, string[] Types)[] assemblies) =>
        new(name, version, $"sha-{name}-{version}", assemblies
            .Select(assembly => new PackagedAssembly(
                new AssemblyContent(assembly.Assembly, "1.0.0.0", "neutral", null, $"sha-{assembly.Assembly}", Bytes(assembly.Assembly), assembly.Types),
                $"{assembly.Assembly}.dll"))
            .ToList());
}
