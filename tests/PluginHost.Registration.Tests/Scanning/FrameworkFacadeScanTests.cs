using PluginHost.Registration.Inspection;
using PluginHost.Registration.Scanning;

namespace PluginHost.Registration.Tests.Scanning;

/// <summary>
/// A DLL compiled for .NET Framework names mscorlib, System and System.Net.Http where a .NET 10 one names
/// System.Runtime: the scan matches the API, not the assembly that carries it, so a net462 plug-in cannot slip a
/// disallowed call through a facade.
/// </summary>
[TestFixture]
internal sealed class FrameworkFacadeScanTests
{
    private const string UsedIn = "TestPlugins.Net462Violations.FrameworkEscapes::Execute";

    [TestCase("System.IO.File::ReadAllText", TestName = "Scan_Net462FileThroughMscorlib_Reported")]
    [TestCase("System.Diagnostics.Process::Start", TestName = "Scan_Net462ProcessThroughSystem_Reported")]
    [TestCase("System.Net.WebClient::DownloadString", TestName = "Scan_Net462WebClientThroughSystem_Reported")]
    [TestCase("System.Net.Http.HttpClient::GetAsync", TestName = "Scan_Net462HttpClientThroughSystemNetHttp_Reported")]
    public void Scan_Net462Facade_Reported(string api)
    {
        var report = new DisallowedApiScanner(DefaultDisallowedApis.All).Scan(File.ReadAllBytes(TestPluginPaths.Of("Net462Violations")));

        Assert.That(report.Violations, Does.Contain(new ApiViolation(api, UsedIn)));
    }

    [Test]
    public void Inspect_Net462DataversePlugin_RegistrableWithItsStrongNameAndSdkVersion()
    {
        var path = TestPluginPaths.Of("Net462Dataverse");

        var inspection = AssemblyInspector.Inspect(File.ReadAllBytes(path), Path.GetFileName(path));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(inspection.Problems, Is.Empty);
            Assert.That(inspection.SdkVersion, Is.EqualTo(new Version(9, 0, 0, 0)));
            Assert.That(inspection.Identity!.PublicKeyToken, Has.Length.EqualTo(16));
            Assert.That(inspection.PluginTypes, Is.EqualTo(new[] { "TestPlugins.Net462Dataverse.FollowUpPlugin" }));
        }
    }
}
