using System.Net;
using System.Text;

namespace PluginHost.Host.Tests.Storage;

/// <summary>
/// A step's secure configuration reaches its plug-in, yet the database files never hold it in clear; with a key that
/// is not the one it was encrypted with, the step fails with a clear error and other steps still run.
/// </summary>
[TestFixture]
internal sealed class SecretAtRestTests : HostTestBase
{
    [Test]
    public async Task SecureConfig_ReachesThePlugin_NeverInTheDatabaseFiles()
    {
        var entity = NewEntity();
        var secret = $"s3cret-{Guid.NewGuid():N}";
        Step("ContextReporter", "Create", entity, 10, "--secure-config", secret);
        await Host.WaitForRegistrationsAsync();

        // Read before the request: ContextReporter traces what it received, and the trace log is the plug-in's to fill.
        var inFiles = DatabaseFilesContain(Host.Database, secret);
        var (status, body, correlation) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });
        var traces = await Host.TracesAsync(correlation);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body.ToString);
            Assert.That(Fields(traces[0])["SecureConfig"], Is.EqualTo(secret));
            Assert.That(inFiles, Is.False, "the secret is in the database files in clear");
            Assert.That(File.Exists(Host.Database + ".key"), Is.True);
        }
    }

    [Test]
    public async Task SecureConfig_HostHasAnotherKeyFile_StepFailsClearlyOtherStepsRun()
    {
        var host = await HostProcess.StartAsync(new Dictionary<string, string> { ["PluginHost__KeyFile"] = "elsewhere.key" });
        try
        {
            host.RegisterAssembly("Pipeline");
            host.RegisterStep("--type", "TestPlugins.Pipeline.ContextReporter", "--message", "Create", "--entity", "guarded", "--stage", "10", "--secure-config", "s3cret");
            host.RegisterStep("--type", "TestPlugins.Pipeline.ContextReporter", "--message", "Create", "--entity", "open", "--stage", "10");
            await host.WaitForRegistrationsAsync();

            var (guardedStatus, guarded) = await host.SendAsync(HttpMethod.Post, "/api/entities/guarded", new { name = "x" });
            var (openStatus, open) = await host.SendAsync(HttpMethod.Post, "/api/entities/open", new { name = "x" });

            using (Assert.EnterMultipleScope())
            {
                Assert.That(guardedStatus, Is.EqualTo(HttpStatusCode.InternalServerError), guarded.ToString);
                Assert.That(guarded.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("PluginError"));
                Assert.That(
                    guarded.GetProperty("error").GetProperty("message").GetString(),
                    Does.Contain("was not run").And.Contain($"the key file '{Path.Combine(host.Folder, "elsewhere.key")}' does not exist"));
                Assert.That(openStatus, Is.EqualTo(HttpStatusCode.Created), open.ToString);
            }
        }
        finally
        {
            await host.DisposeAsync();
            host.DeleteFolder();
        }
    }

    private static bool DatabaseFilesContain(string database, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        foreach (var file in new[] { database, database + "-wal" }.Where(File.Exists))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            if (copy.ToArray().AsSpan().IndexOf(needle) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
