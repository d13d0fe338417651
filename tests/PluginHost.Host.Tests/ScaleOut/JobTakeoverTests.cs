using System.Net;
using System.Text.Json;
using Dapper;
using Npgsql;
using PluginHost.Registration.Store;
using PluginHost.Tests.Shared;

namespace PluginHost.Host.Tests.ScaleOut;

/// <summary>
/// Two host processes on one PostgreSQL database share the async job queue: one is killed -9 midway, and the other takes
/// over the jobs it had in flight once their leases lapse, so every job ends Succeeded.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class JobTakeoverTests
{
    private const int Creates = 1000;
    private const int Batch = 20;
    private const int Concurrency = 4;
    private const string Entity = "ticket";

    [Test]
    public async Task TwoHosts_OneKilledMidway_EveryJobSucceedsAndTheSurvivorTakesOverTheDeadHostsJobs()
    {
        var folder = Directory.CreateTempSubdirectory("pluginhost-takeover-").FullName;
        var database = PostgresServer.Instance.CreateDatabase();
        var keyFile = Path.Combine(folder, "pluginhost.key");
        HostProcess? doomed = null;
        HostProcess? survivor = null;
        try
        {
            doomed = await StartAsync("host-a");
            survivor = await StartAsync("host-b");
            doomed.Reg("assembly", "register", Paths.TestPlugin("Pipeline"), "--isolation", "none", "--key-file", keyFile);
            // Each run waits 100 ms, so the queue backs up and the doomed host has jobs in flight when it is killed.
            doomed.Reg("step", "register", "--type", "TestPlugins.Pipeline.RunCounter", "--message", "Create", "--entity", Entity, "--stage", "40",
                "--mode", "async", "--config", "100", "--key-file", keyFile);
            var revision = RegistrationDatabase.Open(database, keyFile).ReadRevision();
            foreach (var host in new[] { doomed, survivor })
            {
                var loaded = await Eventually.TrueAsync(
                    async () => (await host.SendAsync(HttpMethod.Get, "/health")).Body.GetProperty("registrationRevision").GetInt64() >= revision,
                    TimeSpan.FromSeconds(30));
                Assert.That(loaded, Is.True, host.Log);
            }

            var failedCreates = await CreateAsync([doomed, survivor], Creates / 2);
            var doomedBusy = await Eventually.TrueAsync(() => JobIds(database, "InProgress", "host-a").Count > 0, TimeSpan.FromSeconds(30));
            Assert.That(doomedBusy, Is.True, "host-a never had a job in flight");
            doomed.Kill();
            await doomed.DisposeAsync();
            // Its leases last 4 s unrenewed: read now, these are the jobs host-a had in flight when it died.
            var inFlight = JobIds(database, "InProgress", "host-a");

            failedCreates += await CreateAsync([survivor], Creates - (Creates / 2));
            var settled = await Eventually.TrueAsync(() => JobIds(database, "Succeeded", null).Count == Creates, TimeSpan.FromSeconds(120));
            Assert.That(settled, Is.True, $"jobs by status: {Statuses(database)}\n{survivor.Log}");

            var jobs = Jobs(database);
            var runs = await RunsAsync(survivor);
            var takeovers = survivor.Log.Split('\n').Where(line => line.Contains("taken over from host host-a", StringComparison.Ordinal)).ToList();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(failedCreates, Is.Zero, "every create was accepted");
                Assert.That(jobs.Select(job => job.Status), Is.All.EqualTo("Succeeded"));
                Assert.That(jobs, Has.Count.EqualTo(Creates));
                Assert.That(jobs.Select(job => job.Host).Distinct(), Is.EquivalentTo(new[] { "host-a", "host-b" }), "both hosts ran jobs");
                Assert.That(inFlight, Is.Not.Empty);
                Assert.That(inFlight.Count, Is.LessThanOrEqualTo(Concurrency));
                Assert.That(jobs.Where(job => inFlight.Contains(job.Id)).Select(job => job.Host), Is.All.EqualTo("host-b"), "the survivor ran the dead host's jobs");
                Assert.That(inFlight.Where(id => !takeovers.Any(line => line.Contains(id, StringComparison.Ordinal))), Is.Empty, "the survivor logged each takeover");
                Assert.That(runs, Has.Count.EqualTo(Creates));
                Assert.That(runs, Is.All.GreaterThanOrEqualTo(1), "every record's job took effect");
                Assert.That(runs.Sum(), Is.InRange(Creates, Creates + inFlight.Count), "only a job in flight on the dead host may have run twice");
                Assert.That(survivor.HasExited, Is.False);
                Assert.That(survivor.Log, Does.Not.Contain(" ERROR "), "the survivor logged an error");
            }

            TestContext.Out.WriteLine($"in flight on the killed host: {inFlight.Count}; runs that took effect: {runs.Sum()} for {Creates} jobs");
        }
        finally
        {
            foreach (var host in new[] { doomed, survivor })
            {
                if (host is not null)
                {
                    await host.DisposeAsync();
                }
            }

            NpgsqlConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        Task<HostProcess> StartAsync(string name) => HostProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["PluginHost__KeyFile"] = keyFile,
                ["PluginHost__PluginCacheFolder"] = Path.Combine(folder, name, "plugins"),
                ["PluginHost__HostName"] = name,
                ["PluginHost__Jobs__LeaseSeconds"] = "4",
                ["PluginHost__Jobs__Concurrency"] = Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["PluginHost__Sandbox__Workers"] = "0",
                ["PluginHost__TraceLog"] = "Exception",
            },
            database,
            Directory.CreateDirectory(Path.Combine(folder, name)).FullName);
    }

    /// <summary>Sends <paramref name="count"/> creates, <see cref="Batch"/> at a time, spread over <paramref name="hosts"/>; returns how many were refused.</summary>
    private static async Task<int> CreateAsync(IReadOnlyList<HostProcess> hosts, int count)
    {
        var refused = 0;
        for (var start = 0; start < count; start += Batch)
        {
            var statuses = await Task.WhenAll(Enumerable.Range(start, Math.Min(Batch, count - start)).Select(async index =>
                (await hosts[index % hosts.Count].SendAsync(HttpMethod.Post, $"/api/entities/{Entity}", new { name = $"t{index}" })).Status));
            refused += statuses.Count(status => status != HttpStatusCode.Created);
        }

        return refused;
    }

    /// <summary>The "runs" counter of every record, through the survivor's API.</summary>
    private static async Task<IReadOnlyList<int>> RunsAsync(HostProcess host)
    {
        var (status, body) = await host.SendAsync(HttpMethod.Get, $"/api/entities/{Entity}?columns=runs&top=5000");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString);
        return body.GetProperty("value").EnumerateArray()
            .Select(record => record.TryGetProperty("runs", out var runs) && runs.ValueKind == JsonValueKind.Number ? runs.GetInt32() : 0)
            .ToList();
    }

    private static HashSet<string> JobIds(string database, string status, string? host)
    {
        using var connection = new NpgsqlConnection(database);
        return connection.Query<string>("SELECT id FROM async_jobs WHERE status = @status AND (@host::text IS NULL OR host = @host)", new { status, host }).ToHashSet();
    }

    private static List<(string Id, string Status, string? Host)> Jobs(string database)
    {
        using var connection = new NpgsqlConnection(database);
        return connection.Query<(string Id, string Status, string? Host)>("SELECT id, status, host FROM async_jobs").ToList();
    }

    private static string Statuses(string database) =>
        string.Join(", ", Jobs(database).GroupBy(job => job.Status).Select(group => $"{group.Key}: {group.Count()}"));
}
