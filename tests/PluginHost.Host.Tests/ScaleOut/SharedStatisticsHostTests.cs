using System.Net;
using System.Text.Json;
using Npgsql;
using PluginHost.Tests.Shared;

namespace PluginHost.Host.Tests.ScaleOut;

/// <summary>
/// Two host processes on one PostgreSQL database run the same step, one N times and the other M times: the
/// <c>/api/admin/stats</c> of either shows N + M for the plug-in, and each host's own count under <c>hosts</c>.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class SharedStatisticsHostTests
{
    private const string PluginType = "TestPlugins.Pipeline.TargetMutator";

    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Stats_TwoHostsRanOneStep_EitherHostShowsTheSumAndEachHostsOwnCount()
    {
        var folder = Directory.CreateTempSubdirectory("pluginhost-stats-").FullName;
        var database = PostgresServer.Instance.CreateDatabase();
        var keyFile = Path.Combine(folder, "pluginhost.key");
        var hosts = new List<HostProcess>();
        try
        {
            foreach (var name in new[] { "web-1", "web-2" })
            {
                hosts.Add(await HostProcess.StartAsync(
                    new Dictionary<string, string>
                    {
                        ["PluginHost__KeyFile"] = keyFile,
                        ["PluginHost__PluginCacheFolder"] = Path.Combine(folder, name + ".plugins"),
                        ["PluginHost__HostName"] = name,
                        ["PluginHost__StatisticsFlushSeconds"] = "1",
                        ["PluginHost__Sandbox__Workers"] = "0",
                    },
                    database,
                    folder));
            }

            var (first, second) = (hosts[0], hosts[1]);
            first.Reg("assembly", "register", Paths.TestPlugin("Pipeline"), "--isolation", "none", "--key-file", keyFile);
            first.Reg("step", "register", "--type", PluginType, "--message", "Create", "--entity", "account", "--stage", "20", "--key-file", keyFile);
            var revision = Registration.Store.RegistrationDatabase.Open(database, keyFile).ReadRevision();
            foreach (var host in hosts)
            {
                var loaded = await Eventually.TrueAsync(
                    async () => (await host.SendAsync(HttpMethod.Get, "/health")).Body.GetProperty("registrationRevision").GetInt64() >= revision, Within);
                Assert.That(loaded, Is.True, host.Log);
            }

            const int N = 3;
            const int M = 2;
            for (var index = 0; index < N; index++)
            {
                await first.CreateAsync("account", new { name = $"first {index}" });
            }

            for (var index = 0; index < M; index++)
            {
                await second.CreateAsync("account", new { name = $"second {index}" });
            }

            // Each host writes its own figures on its period (1 s here) and before it answers: wait for the other's.
            var fromFirst = await StatsWithTotalAsync(first, N + M);
            var fromSecond = await StatsWithTotalAsync(second, N + M);

            using (Assert.EnterMultipleScope())
            {
                foreach (var (stats, self) in new[] { (fromFirst, "web-1"), (fromSecond, "web-2") })
                {
                    Assert.That(Plugin(stats.GetProperty("plugins")).GetProperty("executions").GetInt64(), Is.EqualTo(N + M), stats.ToString);
                    var perHost = stats.GetProperty("hosts").EnumerateArray().ToDictionary(host => host.GetProperty("name").GetString()!);
                    Assert.That(perHost.Keys, Is.EquivalentTo(new[] { "web-1", "web-2" }), stats.ToString);
                    Assert.That(Plugin(perHost["web-1"].GetProperty("plugins")).GetProperty("executions").GetInt64(), Is.EqualTo(N));
                    Assert.That(Plugin(perHost["web-2"].GetProperty("plugins")).GetProperty("executions").GetInt64(), Is.EqualTo(M));
                    Assert.That(perHost.Where(pair => pair.Value.GetProperty("self").GetBoolean()).Select(pair => pair.Key), Is.EqualTo(new[] { self }));
                    Assert.That(perHost[self].GetProperty("sandbox").GetProperty("confinement").GetString(), Is.Not.Empty);
                    Assert.That(stats.GetProperty("loadContexts").GetProperty("loads").GetInt64(), Is.GreaterThanOrEqualTo(1), "this host's own, as before");
                }

                foreach (var host in hosts)
                {
                    Assert.That(host.Log, Does.Not.Contain(" ERROR "), "the host logged an error");
                    Assert.That(host.Log, Does.Not.Contain("Could not write this host's statistics"));
                }
            }
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }

            NpgsqlConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The host's /api/admin/stats once the plug-in's executions summed over the hosts reach <paramref name="total"/>.</summary>
    private static async Task<JsonElement> StatsWithTotalAsync(HostProcess host, long total)
    {
        JsonElement stats = default;
        var reached = await Eventually.TrueAsync(
            async () =>
            {
                var (status, body) = await host.SendAsync(HttpMethod.Get, "/api/admin/stats");
                Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString);
                stats = body;
                return body.GetProperty("plugins").EnumerateArray().Any(plugin =>
                    plugin.GetProperty("pluginType").GetString() == PluginType && plugin.GetProperty("executions").GetInt64() >= total);
            },
            Within);
        Assert.That(reached, Is.True, () => $"the sum did not reach {total}: {stats}");
        return stats;
    }

    private static JsonElement Plugin(JsonElement plugins) =>
        plugins.EnumerateArray().Single(plugin => plugin.GetProperty("pluginType").GetString() == PluginType);
}
