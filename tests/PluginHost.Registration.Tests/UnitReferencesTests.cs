using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace PluginHost.Registration.Tests;

/// <summary>What <see cref="UnitReferences.Unresolved"/> finds in real compiled plug-ins and packaged fixtures.</summary>
[TestFixture]
internal sealed class UnitReferencesTests
{
    private const string Lib = "lib/net10.0/";

    [Test]
    public void Unresolved_CleanPlugin_NoneWhenOnlySdkAndFrameworkAreReferenced()
    {
        Assert.That(UnitReferences.Unresolved([File(TestPluginPaths.Of("Clean"))]), Is.Empty);
    }

    [Test]
    public void Unresolved_ViolationsPlugin_NamesEventLogWhichTheSharedFrameworkLacks()
    {
        var path = TestPluginPaths.Of("Violations");

        var unresolved = UnitReferences.Unresolved([File(path)]);

        var eventLog = unresolved.SingleOrDefault(reference => reference.Name == "System.Diagnostics.EventLog");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(eventLog, Is.Not.Null, string.Join(", ", unresolved));
            Assert.That(eventLog?.FileName, Is.EqualTo(Path.GetFileName(path)));
            Assert.That(eventLog?.AssemblyName, Is.EqualTo("TestPlugins.Violations"));
            Assert.That(eventLog?.Version, Is.GreaterThan(new Version(4, 0)));
        }
    }

    [Test]
    public void Unresolved_PackagedPluginWithItsDependency_ResolvedByTheOtherFile()
    {
        var plugin = Packaged("PackageFixtures.PluginA.dll");
        var greeting = Packaged("PackageFixtures.Greeting.dll");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(UnitReferences.Unresolved([plugin, greeting]), Is.Empty);
            Assert.That(UnitReferences.Unresolved([plugin]), Is.EqualTo(new[]
            {
                new UnresolvedReference("PackageFixtures.PluginA.dll", "PackageFixtures.PluginA", "PackageFixtures.Greeting", new Version(1, 0, 0, 0)),
            }));
        }
    }

    [Test]
    public void Unresolved_FrameworkAssemblyNewerThanTheFramework_Unresolved()
    {
        var image = AssemblyReferencing("Tiny", ("System.Runtime", new Version(99, 0, 0, 0)), ("System.Collections", new Version(4, 0, 0, 0)));

        Assert.That(UnitReferences.Unresolved([("Tiny.dll", image)]), Is.EqualTo(new[]
        {
            new UnresolvedReference("Tiny.dll", "Tiny", "System.Runtime", new Version(99, 0, 0, 0)),
        }));
    }

    [Test]
    public void Unresolved_NotAnAssembly_LeftToTheInspector()
    {
        Assert.That(UnitReferences.Unresolved([("junk.dll", new byte[] { 1, 2, 3 }), ("empty.dll", Array.Empty<byte>())]), Is.Empty);
    }

    private static (string FileName, ReadOnlyMemory<byte> Image) File(string path) => (Path.GetFileName(path), System.IO.File.ReadAllBytes(path));

    private static (string FileName, ReadOnlyMemory<byte> Image) Packaged(string fileName) =>
        (fileName, TestPackages.EntryOf(TestPackages.PluginA, Lib + fileName));

    /// <summary>A metadata-only library named <paramref name="name"/> with the given assembly references and nothing else.</summary>
    private static byte[] AssemblyReferencing(string name, params (string Name, Version Version)[] references)
    {
        var metadata = new MetadataBuilder();
        metadata.AddAssembly(metadata.GetOrAddString(name), new Version(1, 0, 0, 0), default, default, default, AssemblyHashAlgorithm.Sha1);
        metadata.AddModule(0, metadata.GetOrAddString($"{name}.dll"), metadata.GetOrAddGuid(Guid.NewGuid()), default, default);
        metadata.AddTypeDefinition(default, default, metadata.GetOrAddString("<Module>"), default, MetadataTokens.FieldDefinitionHandle(1), MetadataTokens.MethodDefinitionHandle(1));
        foreach (var (referenceName, version) in references)
        {
            metadata.AddAssemblyReference(metadata.GetOrAddString(referenceName), version, default, default, default, default);
        }

        var image = new BlobBuilder();
        new ManagedPEBuilder(PEHeaderBuilder.CreateLibraryHeader(), new MetadataRootBuilder(metadata), new BlobBuilder()).Serialize(image);
        return image.ToArray();
    }
}
