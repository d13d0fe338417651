using System.Reflection;

namespace PluginHost.Contracts.Tests;

/// <summary>Approval tests of the assembly plug-in authors compile against.</summary>
[TestFixture]
internal sealed class ContractsAssemblyTests
{
    private static readonly Assembly Contracts = typeof(IPlugin).Assembly;

    [Test]
    public void PublicTypes_AllInThePluginHostContractsNamespace()
    {
        var strays = Contracts.GetExportedTypes().Where(type => type.Namespace != "PluginHost.Contracts").Select(type => type.FullName);

        Assert.That(strays, Is.Empty);
    }

    [Test]
    public void References_OnlyTheBaseClassLibrary()
    {
        var references = Contracts.GetReferencedAssemblies().Select(reference => reference.Name!);

        Assert.That(
            references.Where(name => !name.StartsWith("System.", StringComparison.Ordinal) && name is not ("System" or "netstandard" or "mscorlib")),
            Is.Empty);
    }

    [Test]
    public void PublicClasses_SealedUnlessAnAbstractBaseOthersCannotExtend()
    {
        var open = Contracts.GetExportedTypes()
            .Where(type => type.IsClass && !type.IsSealed)
            .Where(type => !type.IsAbstract || type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).Length > 0
                || type.GetConstructors(BindingFlags.NonPublic | BindingFlags.Instance).Any(constructor => constructor.IsFamily || constructor.IsFamilyOrAssembly))
            .Select(type => type.FullName);

        Assert.That(open, Is.Empty);
    }

    [Test]
    public void Version_MajorOne()
    {
        Assert.That(Contracts.GetName().Version!.Major, Is.EqualTo(1));
    }
}
