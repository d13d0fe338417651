using System.Net;
using System.Net.Http.Json;
using PluginHost.Registration.Store;
using PluginHost.Tests.Shared;

namespace PluginHost.Host.Tests.ScaleOut;

/// <summary>
/// A client that gives up on a Create while its synchronous step runs (on PostgreSQL): the operation stops at the next
/// step or statement and rolls back, nothing is saved, the host logs it as a cancelled request (499) and not as an
/// error; a sandbox worker running the step is stopped rather than returned to the pool, and the next request works.
/// </summary>
[TestFixture("none")]
[TestFixture("sandbox")]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class CancellationTests(string isolation)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Create_ClientGivesUpWhileAStepRuns_NothingSavedAndTheHostServesOn()
    {
        var folder = Directory.CreateTempSubdirectory("pluginhost-cancel-").FullName;
        var database = PostgresServer.Instance.CreateDatabase();
        var keyFile = Path.Combine(folder, "pluginhost.key");
        var gate = $"release-{Guid.NewGuid():N}";
        await using var host = await HostProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["PluginHost__KeyFile"] = keyFile,
                ["PluginHost__PluginCacheFolder"] = Path.Combine(folder, "plugins"),
                ["PluginHost__Sandbox__Workers"] = isolation == "sandbox" ? "1" : "0",
            },
            database,
            folder);
        try
        {
            host.Reg("assembly", "register", Paths.TestPlugin("Pipeline"), "--isolation", isolation, "--key-file", keyFile);
            host.Reg("step", "register", "--type", "TestPlugins.Pipeline.Gate", "--message", "Create", "--entity", "account",
                "--stage", "20", "--config", gate, "--key-file", keyFile);
            var revision = RegistrationDatabase.Open(database, keyFile).ReadRevision();
            var loaded = await Eventually.TrueAsync(
                async () => (await host.SendAsync(HttpMethod.Get, "/health")).Body.GetProperty("registrationRevision").GetInt64() >= revision,
                Within);
            Assert.That(loaded, Is.True, host.Log);

            using var giveUp = new CancellationTokenSource();
            var abandoned = host.Http.PostAsync("/api/entities/account", JsonContent.Create(new { name = "abandoned" }), giveUp.Token);
            var waiting = await host.LogLineAsync("gate waiting", Within);
            Assert.That(waiting, Is.Not.Null, host.Log);
            await giveUp.CancelAsync();
            Assert.That(async () => await abandoned, Throws.InstanceOf<OperationCanceledException>());
            var logged = await host.LogLineAsync("was cancelled by its client", Within);

            await host.CreateAsync("gate", new { name = gate });
            var afterwards = await host.SendAsync(HttpMethod.Post, "/api/entities/account", new { name = "afterwards" });
            var (listed, accounts) = await host.SendAsync(HttpMethod.Get, "/api/entities/account?columns=name");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(logged, Does.Contain("499"), host.Log);
                Assert.That(afterwards.Status, Is.EqualTo(HttpStatusCode.Created), afterwards.Body.ToString);
                Assert.That(listed, Is.EqualTo(HttpStatusCode.OK), accounts.ToString);
                Assert.That(
                    accounts.GetProperty("value").EnumerateArray().Select(record => record.GetProperty("name").GetString()),
                    Is.EqualTo(new[] { "afterwards" }),
                    "the abandoned Create rolled back");
                Assert.That(host.Log, Does.Not.Contain(" ERROR "), "a client giving up is not the host's error");
                if (isolation == "sandbox")
                {
                    Assert.That(host.Log, Does.Contain("was stopped: the request running step"), "the worker was stopped, not returned to the pool");
                }
            }
        }
        finally
        {
            await host.DisposeAsync();
            Npgsql.NpgsqlConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
