using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PluginHost.Host.Tests.Jobs;

/// <summary>
/// Another process holds the database's write lock past the busy timeout while an async job runs: the job's write
/// fails, and the job is put back and runs again once the lock is gone, without using up an attempt and without
/// being blamed on its plug-in; the host keeps running.
/// </summary>
[TestFixture]
internal sealed class BusyDatabaseJobTests
{
    [Test]
    public async Task AsyncJob_DatabaseLockedPastBusyTimeout_PostponedNotFailedThenSucceeds()
    {
        var host = await HostProcess.StartAsync(new Dictionary<string, string>
        {
            ["PluginHost__Jobs__Concurrency"] = "1",
            ["PluginHost__Jobs__MaxAttempts"] = "1",
            ["PluginHost__Jobs__RetryBaseMilliseconds"] = "100",
        });
        try
        {
            host.RegisterAssembly("Pipeline");
            var step = host.RegisterStep("--type", "TestPlugins.Pipeline.SlowRecorder", "--message", "Create", "--entity", "busyjob", "--stage", "40", "--mode", "async", "--config", "1500");
            await host.WaitForRegistrationsAsync();
            var id = await host.CreateAsync("busyjob", new { name = "x" });
            await AsyncJobTests.WaitForAsync(async () => (await JobsAsync(host, step)).FirstOrDefault(job => job.GetProperty("status").GetString() == "InProgress"));

            // The plug-in sleeps 1.5 s before it writes: the lock is taken while it sleeps, and held until its write gave up.
            using (var locker = new SqliteConnection($"Data Source={host.Database};Pooling=false"))
            {
                locker.Open();
                using var exclusive = locker.BeginTransaction(deferred: false);
                var postponed = await host.LogLineAsync("without using an attempt", TimeSpan.FromSeconds(40));
                Assert.That(postponed, Is.Not.Null, $"the job was not postponed:\n{host.Log}");
                exclusive.Rollback();
            }

            var job = await AsyncJobTests.WaitForAsync(async () => (await JobsAsync(host, step)).FirstOrDefault(row => row.GetProperty("status").GetString() == "Succeeded"));
            var (status, logs) = await host.SendAsync(HttpMethod.Get, $"/api/entities/asynclog?target={id}");

            using (Assert.EnterMultipleScope())
            {
                Assert.That(job.GetProperty("attempts").GetInt32(), Is.EqualTo(1), "the busy database used up an attempt");
                Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(logs.GetProperty("value").GetArrayLength(), Is.EqualTo(1));
                Assert.That(host.HasExited, Is.False);
                Assert.That(host.Log, Does.Contain("database is locked"));
            }
        }
        finally
        {
            await host.DisposeAsync();
            host.DeleteFolder();
        }
    }

    private static async Task<IReadOnlyList<JsonElement>> JobsAsync(HostProcess host, string stepId)
    {
        var (_, body) = await host.SendAsync(HttpMethod.Get, "/api/admin/jobs?top=100");
        return body.EnumerateArray().Where(job => job.GetProperty("stepId").GetString() == stepId).ToList();
    }
}
