using System.Net;

namespace PluginHost.Host.Tests.Sandbox;

/// <summary>
/// The host's plug-in cache holds the DLLs of trusted packages; a sandboxed plug-in must not read them (one tenant's
/// code is not another's to copy). With the disallowed list emptied by an admin, a sandboxed plug-in that reads the
/// file its configuration names is stopped by the worker's confinement alone, under Basic confinement, where the host's
/// folders exist in the worker's view of the file system (Strict does not even mount them).
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class HostCacheConfinementTests() : HostTestBase("sandbox")
{
    private const string Reader = """
        using Microsoft.Xrm.Sdk;

        namespace CacheProbe;

        /// <summary>Reads the file its configuration names and says what happened in the Target's "outcome".</summary>
        public sealed class ReadFile(string? unsecureConfig) : IPlugin
        {
            public void Execute(System.IServiceProvider serviceProvider)
            {
                var context = (IPluginExecutionContext)serviceProvider.GetService(typeof(IPluginExecutionContext))!;
                string outcome;
                try
                {
                    outcome = $"read {System.IO.File.ReadAllBytes(unsecureConfig!).Length} bytes";
                }
                catch (System.Exception exception)
                {
                    outcome = $"blocked: {exception.GetType().FullName}";
                }

                ((Entity)context.InputParameters["Target"]!)["outcome"] = outcome;
            }
        }
        """;

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["PluginHost__Sandbox__Confinement"] = "Basic",
        ["PluginHost__Sandbox__Workers"] = "1",
    };

    [Test]
    public async Task Execute_SandboxedPluginReadingATrustedPackagesBlob_BlockedByConfinement()
    {
        var (trustedEntity, probeEntity) = (NewEntity(), NewEntity());
        var package = Host.Reg("package", "register", Packages.TestPackages.Path(Packages.TestPackages.PluginA), "--isolation", "none");
        Host.RegisterStep("--type", "PackageFixtures.PluginA.GreetingPlugin", "--message", "Create", "--entity", trustedEntity, "--stage", "20");
        foreach (var pattern in Host.Reg("disallowed", "list").EnumerateArray().Select(entry => entry.GetProperty("pattern").GetString()!).ToList())
        {
            Host.Reg("disallowed", "remove", pattern);
        }

        var blob = Path.Combine(Host.Database + ".plugins", "blobs", package.GetProperty("assemblies")[0].GetProperty("sha256").GetString() + ".dll");
        Host.Reg("assembly", "register", PluginCompiler.Compile("CacheProbe", Reader, Host.Folder), "--isolation", "sandbox");
        Host.RegisterStep("--type", "CacheProbe.ReadFile", "--message", "Create", "--entity", probeEntity, "--stage", "20", "--config", blob);
        await Host.WaitForRegistrationsAsync();
        await Host.CreateAsync(trustedEntity, new { name = "puts the package in the cache" });

        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{probeEntity}", new { name = "probe" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.Exists(blob), Is.True, "the trusted package's blob is in the host's cache");
            Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body.ToString);
            Assert.That((await RecordsAsync(probeEntity)).Single().GetProperty("outcome").GetString(), Does.StartWith("blocked: System.UnauthorizedAccessException"));
        }
    }
}
