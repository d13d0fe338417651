using System.Reflection;
using System.Security.Cryptography;
using PluginHost.Registration.Inspection;

namespace PluginHost.Registration.Tests.Inspection;

/// <summary>Inspects the real compiled test plug-ins from their bytes (SPEC §3 identity, §4 validation, §2 plug-in types).</summary>
[TestFixture]
internal sealed class AssemblyInspectorTests
{
    private const string Clean = "TestPlugins.Clean.";

    [Test]
    public void Inspect_StrongNamedAssembly_ReadsNameVersionCultureAndPublicKeyToken()
    {
        var path = TestPluginPaths.Of("Clean");

        var identity = Inspect("Clean").Identity;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(identity, Is.Not.Null);
            Assert.That(identity!.Name, Is.EqualTo("TestPlugins.Clean"));
            Assert.That(identity.Version, Is.EqualTo(new Version(1, 0, 0, 0)));
            Assert.That(identity.Culture, Is.EqualTo("neutral"));
            Assert.That(identity.PublicKeyToken, Does.Match("^[0-9a-f]{16}$"));
            Assert.That(identity.PublicKeyToken, Is.EqualTo(Convert.ToHexStringLower(AssemblyName.GetAssemblyName(path).GetPublicKeyToken()!)), "the token the runtime computes");
        }
    }

    [Test]
    public void Inspect_UnsignedAssembly_NoPublicKeyTokenAndItsOwnVersion()
    {
        var identity = Inspect("Versioned.V2").Identity;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(identity!.Name, Is.EqualTo("TestPlugins.Versioned"));
            Assert.That(identity.Version, Is.EqualTo(new Version(2, 0, 0, 0)));
            Assert.That(identity.PublicKeyToken, Is.Null);
        }
    }

    [Test]
    public void Inspect_AnyImage_Sha256IsOfTheExactBytes()
    {
        var image = File.ReadAllBytes(TestPluginPaths.Of("Clean"));
        var patched = PortableExecutableImages.WithoutIlOnlyFlag(image);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(AssemblyInspector.Inspect(image, "clean.dll").Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(image))));
            Assert.That(AssemblyInspector.Inspect(patched, "patched.dll").Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(patched))));
            Assert.That(AssemblyInspector.Inspect(patched, "patched.dll").Sha256, Is.Not.EqualTo(AssemblyInspector.Inspect(image, "clean.dll").Sha256));
        }
    }

    [Test]
    public void Inspect_SdkReference_ReportsItsVersion()
    {
        var inspection = Inspect("Clean");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(inspection.SdkVersion, Is.EqualTo(new Version(9, 0, 0, 0)));
            Assert.That(inspection.Problems, Is.Empty);
        }
    }

    [Test]
    public void Inspect_BuiltAgainstRetiredPluginHostContracts_RefusedWithThePort()
    {
        var inspection = Inspect("LegacyPlugin");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(inspection.SdkVersion, Is.Null);
            Assert.That(inspection.Problems, Is.EqualTo(new[]
            {
                "TestPlugins.LegacyPlugin.dll is built against PluginHost.Contracts, which this host no longer supplies: change 'using PluginHost.Contracts;' to 'using Microsoft.Xrm.Sdk;' (and 'using Microsoft.Xrm.Sdk.Query;' for queries), reference Microsoft.Xrm.Sdk instead, and rebuild",
            }));
        }
    }

    [Test]
    public void Inspect_NoSdkReference_Refused()
    {
        var inspection = Inspect("NoContracts");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(inspection.SdkVersion, Is.Null);
            Assert.That(inspection.PluginTypes, Is.Empty);
            Assert.That(inspection.Problems, Is.EqualTo(new[]
            {
                "TestPlugins.NoContracts.dll does not reference Microsoft.Xrm.Sdk: plug-in types must implement Microsoft.Xrm.Sdk.IPlugin",
            }));
        }
    }

    [Test]
    public void Inspect_OwnCopyOfSdk_RefusedNamingTheCopiedType()
    {
        var inspection = Inspect("OwnContracts");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(inspection.PluginTypes, Is.Empty, "its IPlugin is not the host's");
            Assert.That(inspection.Problems, Has.Some.Contains("ships its own copy of Microsoft.Xrm.Sdk (it defines Microsoft.Xrm.Sdk.IPlugin)"));
        }
    }

    [Test]
    public void Inspect_SdkAssemblyItself_Refused()
    {
        var path = typeof(Microsoft.Xrm.Sdk.IPlugin).Assembly.Location;

        Assert.That(AssemblyInspector.Inspect(File.ReadAllBytes(path), "Microsoft.Xrm.Sdk.dll").Problems, Has.Some.Contains("is Microsoft.Xrm.Sdk itself"));
    }

    [Test]
    public void Inspect_ReferenceAssembly_Refused() =>
        Assert.That(Inspect("RefAssembly").Problems, Has.Exactly(1).Contains("is a reference assembly"));

    [Test]
    public void Inspect_ImageNotIlOnly_Refused()
    {
        var image = PortableExecutableImages.WithoutIlOnlyFlag(File.ReadAllBytes(TestPluginPaths.Of("Clean")));

        Assert.That(AssemblyInspector.Inspect(image, "mixed.dll").Problems, Is.EqualTo(new[]
        {
            "mixed.dll is not IL-only (mixed-mode or C++/CLI): only pure managed assemblies can be registered",
        }));
    }

    [Test]
    public void Inspect_65535MetadataStreams_RefusedAsUnreadable()
    {
        // System.Reflection.Metadata throws OverflowException for this one, which used to escape as "unexpected".
        var image = PortableExecutableImages.WithMetadataStreamCount(File.ReadAllBytes(TestPluginPaths.Of("Clean")), ushort.MaxValue);

        var inspection = AssemblyInspector.Inspect(image, "clean.dll");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(inspection.Problems, Is.EqualTo(new[] { "clean.dll is not a readable .NET assembly (not a PE file, truncated or corrupt): a count or size in its headers is out of range" }));
            Assert.That(inspection.Identity, Is.Null);
        }
    }

    [Test]
    public void Inspect_ReadyToRunImage_Refused()
    {
        var image = PortableExecutableImages.WithReadyToRunHeader(File.ReadAllBytes(TestPluginPaths.Of("Clean")));

        Assert.That(AssemblyInspector.Inspect(image, "r2r.dll").Problems, Has.Exactly(1).Contains("r2r.dll contains precompiled native code (ReadyToRun)"));
    }

    [Test]
    public void Inspect_DirectImplementations_Found() =>
        Assert.That(Inspect("Clean").PluginTypes, Is.SupersetOf(new[]
        {
            Clean + "ValidPlugin", // ()
            Clean + "ConfiguredPlugin", // (string, string)
            Clean + "TypedPlugin+Nested", // public, nested in a public type
        }));

    [Test]
    public void Inspect_ImplementationsThroughTypesOfTheSameAssembly_Found() =>
        Assert.That(Inspect("Clean").PluginTypes, Is.SupersetOf(new[]
        {
            Clean + "DerivedPlugin", // abstract base class, (string) constructor
            Clean + "TypedPlugin", // generic base class
            Clean + "AuditPlugin", // interface extending IPlugin
        }));

    [Test]
    public void Inspect_CleanAssembly_ExactlyTheRegistrableTypesInOrdinalOrder() =>
        Assert.That(Inspect("Clean").PluginTypes, Is.EqualTo(new[]
        {
            Clean + "AuditPlugin",
            Clean + "ConfiguredPlugin",
            Clean + "DerivedPlugin",
            Clean + "TypedPlugin",
            Clean + "TypedPlugin+Nested",
            Clean + "ValidPlugin",
        }), "the abstract bases PluginBase and TypedPluginBase`1 and the interface IAuditPlugin are not plug-in types");

    [TestCase("AbstractPlugin", "is abstract")]
    [TestCase("InternalPlugin", "is not public")]
    [TestCase("Hidden+NestedInInternal", "is not public")]
    [TestCase("GenericPlugin`1", "is generic")]
    [TestCase("NumberedPlugin", "has no public constructor (), (string) or (string, string)")]
    [TestCase("PrivateConstructorPlugin", "has no public constructor (), (string) or (string, string)")]
    public void Inspect_TypeBreakingAPluginRule_ExcludedAndTheRefusalSaysWhy(string type, string reason)
    {
        var inspection = Inspect("NoPluginType");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(inspection.PluginTypes, Is.Empty);
            Assert.That(inspection.Problems, Has.Exactly(1).Contains("has no plug-in type").And.Contains($"TestPlugins.NoPluginType.{type} {reason}"));
        }
    }

    [Test]
    public void Inspect_ClassWithExecuteButNoIPlugin_NotMentioned() =>
        Assert.That(string.Join("\n", Inspect("NoPluginType").Problems), Does.Not.Contain("LooksLikeAPlugin"));

    private static AssemblyInspection Inspect(string testPlugin)
    {
        var path = TestPluginPaths.Of(testPlugin);
        return AssemblyInspector.Inspect(File.ReadAllBytes(path), Path.GetFileName(path));
    }
}
