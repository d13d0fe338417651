using System.Net;
using System.Net.Http.Json;
using PluginHost.Registration.Store;
using PluginHost.Tests.Shared;

namespace PluginHost.Host.Tests.ScaleOut;

/// <summary>
/// On PostgreSQL no process-wide lock is held around a plug-in: while four Creates of one entity are held inside a
/// synchronous PreOperation step, Creates of another entity succeed, on the same host and on a second host on the same
/// database. No timing: the held step waits for a release the test gives once it has seen the other Creates answered.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class SlowStepIsolationTests
{
    private const int HeldCreates = 4;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Create_OtherEntityWhileFourCreatesAreHeldInAStep_SucceedsOnBothHostsAtOnce()
    {
        var folder = Directory.CreateTempSubdirectory("pluginhost-isolation-").FullName;
        var database = PostgresServer.Instance.CreateDatabase();
        var keyFile = Path.Combine(folder, "pluginhost.key");
        var gate = $"release-{Guid.NewGuid():N}";
        HostProcess? first = null, second = null;
        try
        {
            first = await HostProcess.StartAsync(Settings(folder, keyFile, "a"), database, folder);
            second = await HostProcess.StartAsync(Settings(folder, keyFile, "b"), database, folder);
            first.Reg("assembly", "register", Paths.TestPlugin("Pipeline"), "--isolation", "none", "--key-file", keyFile);
            first.Reg("step", "register", "--type", "TestPlugins.Pipeline.Gate", "--message", "Create", "--entity", "account",
                "--stage", "20", "--config", gate, "--key-file", keyFile);
            var revision = RegistrationDatabase.Open(database, keyFile).ReadRevision();
            foreach (var host in new[] { first, second })
            {
                var loaded = await Eventually.TrueAsync(
                    async () => (await host.SendAsync(HttpMethod.Get, "/health")).Body.GetProperty("registrationRevision").GetInt64() >= revision,
                    Within);
                Assert.That(loaded, Is.True, host.Log);
            }

            var held = Enumerable.Range(0, HeldCreates)
                .Select(index => first.Http.PostAsync("/api/entities/account", JsonContent.Create(new { name = $"held {index}" })))
                .ToArray();
            var allWaiting = await Eventually.TrueAsync(() => CountOf(first.Log, "gate waiting") == HeldCreates, Within);
            Assert.That(allWaiting, Is.True, $"all {HeldCreates} Creates reached the step:\n{first.Log}");

            var onFirst = await first.SendAsync(HttpMethod.Post, "/api/entities/contact", new { name = "same host" });
            var onSecond = await second.SendAsync(HttpMethod.Post, "/api/entities/contact", new { name = "other host" });
            var stillHeld = held.Count(create => !create.IsCompleted);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(onFirst.Status, Is.EqualTo(HttpStatusCode.Created), onFirst.Body.ToString);
                Assert.That(onSecond.Status, Is.EqualTo(HttpStatusCode.Created), onSecond.Body.ToString);
                Assert.That(stillHeld, Is.EqualTo(HeldCreates), "the Creates of the other entity did not wait for the held ones");
            }

            await second.CreateAsync("gate", new { name = gate });
            var released = await Task.WhenAll(held);
            Assert.That(released.Select(response => response.StatusCode), Is.All.EqualTo(HttpStatusCode.Created));
            foreach (var response in released)
            {
                response.Dispose();
            }
        }
        finally
        {
            foreach (var host in new[] { first, second })
            {
                if (host is not null)
                {
                    await host.DisposeAsync();
                }
            }

            Npgsql.NpgsqlConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Dictionary<string, string> Settings(string folder, string keyFile, string name) => new()
    {
        ["PluginHost__KeyFile"] = keyFile,
        ["PluginHost__PluginCacheFolder"] = Path.Combine(folder, $"plugins-{name}"),
        ["PluginHost__HostName"] = $"host-{name}",
        ["PluginHost__Sandbox__Workers"] = "0",
    };

    private static int CountOf(string text, string fragment)
    {
        var count = 0;
        for (var at = text.IndexOf(fragment, StringComparison.Ordinal); at >= 0; at = text.IndexOf(fragment, at + fragment.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
