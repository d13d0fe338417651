using System.Net;

namespace PluginHost.Host.Tests.Packages;

/// <summary>
/// A sandboxed package whose clean plug-in (PackageFixtures.PluginReflective) calls a dependency that uses reflection
/// invoke (PackageFixtures.Reflective): the host scans every file of the package again before a worker gets it, so the
/// admin's trust in that exact dependency is what lets the step run, and removing the trust stops it at once, with an
/// error naming the dependency and the API.
/// </summary>
[TestFixture]
internal sealed class TrustedDependencyTests() : HostTestBase("sandbox")
{
    private static string Reflective => Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Paths.TestPlugin("NoOp")))!, "PluginReflective", "PackageFixtures.Reflective.dll");

    [Test]
    public async Task Create_TrustInTheDependencyRemovedThenRestored_RefusedNamingTheDependencyThenRunsAgain()
    {
        var entity = NewEntity();
        Host.Reg("trust", "add", Reflective, "--description", "reflection to describe values");
        Host.Reg("package", "register", TestPackages.Path("PackageFixtures.PluginReflective"), "--isolation", "sandbox");
        Host.RegisterStep("--type", "PackageFixtures.PluginReflective.ReflectivePlugin", "--message", "Create", "--entity", entity, "--stage", "20");
        await Host.WaitForRegistrationsAsync();
        var (trusted, _, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "trusted" });

        Host.Reg("trust", "remove", "PackageFixtures.Reflective");
        await Host.WaitForRegistrationsAsync();
        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "untrusted" });

        Host.Reg("trust", "add", Reflective);
        await Host.WaitForRegistrationsAsync();
        var (again, _, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "trusted again" });

        AssertError(status, body, HttpStatusCode.InternalServerError, "PluginError");
        var message = body.GetProperty("error").GetProperty("message").GetString();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(trusted, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(message, Does.Contain("PackageFixtures.Reflective: ").And.Contain("Invoke").And.Contain("package PackageFixtures.PluginReflective"));
            Assert.That(again, Is.EqualTo(HttpStatusCode.Created));
            Assert.That((await RecordsAsync(entity)).Select(record => record.GetProperty("reflective").GetString()), Is.EqualTo(new[] { "42", "42" }));
        }
    }
}
