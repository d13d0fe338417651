using System.Net;
using PluginHost.Tests.Shared;

namespace PluginHost.Host.Tests.Storage;

/// <summary>
/// A PostgreSQL server lost under a running host (a server of the test's own, stopped with <c>pg_ctl stop -m fast</c>):
/// requests get 503 <c>DatabaseUnavailable</c> in the error shape with no stack trace, <c>/health</c> says 503, and
/// once the server is back the host serves again without a restart.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class ServerLostTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Create_ServerStoppedThenStarted_Answers503ThenSucceedsAgain()
    {
        using var server = PostgresServer.StartPrivate();
        var folder = Directory.CreateTempSubdirectory("pluginhost-pg-lost-").FullName;
        await using var host = await HostProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["PluginHost__KeyFile"] = Path.Combine(folder, "pluginhost.key"),
                ["PluginHost__PluginCacheFolder"] = Path.Combine(folder, "plugins"),
                ["PluginHost__Sandbox__Workers"] = "0",
            },
            server.CreateDatabase(),
            folder);
        try
        {
            await host.CreateAsync("account", new { name = "before" });

            server.Stop();
            var (lostStatus, lost) = await host.SendAsync(HttpMethod.Post, "/api/entities/account", new { name = "while lost" });
            var (healthStatus, health) = await host.SendAsync(HttpMethod.Get, "/health");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(lostStatus, Is.EqualTo(HttpStatusCode.ServiceUnavailable), lost.ToString);
                Assert.That(lost.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("DatabaseUnavailable"));
                Assert.That(lost.GetProperty("error").GetProperty("message").GetString(), Does.Contain("127.0.0.1").And.Not.Contain("   at "));
                Assert.That(lost.ToString(), Does.Not.Contain(server.Password));
                Assert.That(healthStatus, Is.EqualTo(HttpStatusCode.ServiceUnavailable), health.ToString);
                Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
            }

            server.Restart();
            var recovered = await Eventually.TrueAsync(
                async () => (await host.SendAsync(HttpMethod.Post, "/api/entities/account", new { name = "after" })).Status == HttpStatusCode.Created,
                Within);
            var (afterStatus, after) = await host.SendAsync(HttpMethod.Get, "/api/entities/account?columns=name");
            var (healthyStatus, _) = await host.SendAsync(HttpMethod.Get, "/health");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(recovered, Is.True, host.Log);
                Assert.That(afterStatus, Is.EqualTo(HttpStatusCode.OK), after.ToString);
                Assert.That(
                    after.GetProperty("value").EnumerateArray().Select(record => record.GetProperty("name").GetString()),
                    Is.EquivalentTo(new[] { "before", "after" }),
                    "the request refused while the server was down saved nothing");
                Assert.That(healthyStatus, Is.EqualTo(HttpStatusCode.OK));
                // The request path logs a lost server as a warning. (The registration poll, StepIndexProvider, still logs
                // its failed reloads as errors with a stack trace: not part of the request path.)
                Assert.That(host.Log, Does.Not.Contain("ERROR ApiErrors").And.Contain("WARN  ApiErrors"), "a lost server is not the request's error");
                Assert.That(host.Log, Does.Not.Contain(server.Password), "the password never shows");
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
