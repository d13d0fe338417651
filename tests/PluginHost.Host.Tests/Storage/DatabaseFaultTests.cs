using System.Net;
using System.Text.Json;

namespace PluginHost.Host.Tests.Storage;

/// <summary>
/// Faults of the database file under a running host, as an operator meets them: each ends in a clear answer (a
/// refusal, or 503), never a crash or a write that goes nowhere.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class DatabaseFaultTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Test]
    public async Task SecondHost_SameDatabase_RefusedNamingTheFirstWhilePluginRegStillWorks()
    {
        var first = await HostProcess.StartAsync();
        try
        {
            var (exitCode, stdout, stderr) = await StartupFaultTests.RunHostToExitAsync(first.Database, first.Folder);
            first.Reg("message", "register", "acme_StillWorks");
            var (status, _) = await first.SendAsync(HttpMethod.Get, "/health");

            using (Assert.EnterMultipleScope())
            {
                Assert.That(exitCode, Is.EqualTo(1), stdout);
                Assert.That(stderr.Trim(), Is.EqualTo($"error: database '{first.Database}' is in use by another PluginHost (pid {first.Pid}): run one host per SQLite database"));
                Assert.That(status, Is.EqualTo(HttpStatusCode.OK), "the first host stopped serving");
            }
        }
        finally
        {
            await first.DisposeAsync();
            first.DeleteFolder();
        }
    }

    [Test]
    public async Task NewDatabase_CreatedByTheHost_ItsFilesAreOwnerOnly()
    {
        var host = await HostProcess.StartAsync();
        try
        {
            await host.CreateAsync("account", new { name = "x" });

            using (Assert.EnterMultipleScope())
            {
                foreach (var file in new[] { host.Database, host.Database + "-wal", host.Database + "-shm", host.Database + ".lock" })
                {
                    Assert.That(File.GetUnixFileMode(file), Is.EqualTo(OwnerOnly), file);
                }
            }
        }
        finally
        {
            await host.DisposeAsync();
            host.DeleteFolder();
        }
    }

    [TestCase("deleted")]
    [TestCase("replaced")]
    public async Task DatabaseFile_GoneWhileRunning_HealthAndEveryRequestAnswer503(string how)
    {
        var host = await HostProcess.StartAsync();
        try
        {
            var id = await host.CreateAsync("account", new { name = "before" });
            if (how == "deleted")
            {
                foreach (var file in new[] { host.Database, host.Database + "-wal", host.Database + "-shm" })
                {
                    File.Delete(file);
                }
            }
            else
            {
                // A restore from a backup: another file (another inode) at the same path.
                File.Copy(host.Database, host.Database + ".copy");
                File.Move(host.Database + ".copy", host.Database, overwrite: true);
            }

            var health = await WaitForHealthAsync(host, HttpStatusCode.ServiceUnavailable);
            var (createStatus, created) = await host.SendAsync(HttpMethod.Post, "/api/entities/account", new { name = "after" });
            var (readStatus, read) = await host.SendAsync(HttpMethod.Get, $"/api/entities/account/{id}");

            using (Assert.EnterMultipleScope())
            {
                Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
                Assert.That(health.GetProperty("reason").GetString(), Does.Contain(host.Database).And.Contain("deleted, moved or replaced"));
                Assert.That(createStatus, Is.EqualTo(HttpStatusCode.ServiceUnavailable), created.ToString);
                Assert.That(created.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("DatabaseUnavailable"));
                Assert.That(Guid.TryParse(created.GetProperty("error").GetProperty("correlationId").GetString(), out _), Is.True);
                Assert.That(readStatus, Is.EqualTo(HttpStatusCode.ServiceUnavailable), read.ToString);
                Assert.That(host.HasExited, Is.False, "the host died instead of answering");
            }
        }
        finally
        {
            await host.DisposeAsync();
            host.DeleteFolder();
        }
    }

    [Test]
    public async Task DatabaseFile_TruncatedWhileRunning_HostAnswersEveryRequestAndKeepsRunning()
    {
        var host = await HostProcess.StartAsync();
        try
        {
            for (var index = 0; index < 20; index++)
            {
                await host.CreateAsync("account", new { index });
            }

            // With the file memory-mapped, reading a page past the new end would be a SIGBUS and the end of the host.
            await using (var file = new FileStream(host.Database, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
            {
                file.SetLength(0);
            }

            var statuses = new List<HttpStatusCode>();
            for (var index = 0; index < 10; index++)
            {
                statuses.Add((await host.SendAsync(HttpMethod.Post, "/api/entities/account", new { index })).Status);
                statuses.Add((await host.SendAsync(HttpMethod.Get, "/api/entities/account?top=50")).Status);
            }

            var (health, _) = await host.SendAsync(HttpMethod.Get, "/health");

            using (Assert.EnterMultipleScope())
            {
                Assert.That(host.HasExited, Is.False, "the host crashed");
                Assert.That(health, Is.EqualTo(HttpStatusCode.OK).Or.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That(statuses, Has.All.Not.EqualTo(HttpStatusCode.InternalServerError), string.Join(", ", statuses));
            }
        }
        finally
        {
            await host.DisposeAsync();
            host.DeleteFolder();
        }
    }

    private static async Task<JsonElement> WaitForHealthAsync(HostProcess host, HttpStatusCode expected)
    {
        (HttpStatusCode Status, JsonElement Body) health = default;
        var reached = await Eventually.TrueAsync(async () => (health = await host.SendAsync(HttpMethod.Get, "/health")).Status == expected, TimeSpan.FromSeconds(10));
        Assert.That(reached, Is.True, $"/health still answers {health.Status}: {health.Body}");
        return health.Body;
    }
}
