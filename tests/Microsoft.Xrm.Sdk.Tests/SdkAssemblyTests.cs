using System.Reflection;

namespace Microsoft.Xrm.Sdk.Tests;

/// <summary>Approval tests of the assembly plug-in authors compile against: the SDK's own names, nothing else.</summary>
[TestFixture]
internal sealed class SdkAssemblyTests
{
    private static readonly Assembly Sdk = typeof(IPlugin).Assembly;

    [Test]
    public void Identity_IsTheSdksNameAndVersion()
    {
        Assert.That(Sdk.GetName().Name + " " + Sdk.GetName().Version, Is.EqualTo("Microsoft.Xrm.Sdk 9.0.0.0"));
    }

    [Test]
    public void PublicTypes_AllInTheSdksNamespaces()
    {
        string[] namespaces =
        [
            "Microsoft.Xrm.Sdk", "Microsoft.Xrm.Sdk.Query", "Microsoft.Xrm.Sdk.Messages", "Microsoft.Xrm.Sdk.PluginTelemetry",
            "Microsoft.Xrm.Sdk.Extensions", "Microsoft.Xrm.Sdk.Metadata", "Microsoft.Xrm.Sdk.Client",
        ];

        var strays = Sdk.GetExportedTypes().Where(type => !namespaces.Contains(type.Namespace)).Select(type => type.FullName);

        Assert.That(strays, Is.Empty);
    }

    [Test]
    public void References_OnlyTheBaseClassLibraryAndServiceModel()
    {
        var references = Sdk.GetReferencedAssemblies().Select(reference => reference.Name!);

        Assert.That(
            references.Where(name => !name.StartsWith("System.", StringComparison.Ordinal) && name is not ("System" or "netstandard" or "mscorlib")),
            Is.Empty);
    }
}
