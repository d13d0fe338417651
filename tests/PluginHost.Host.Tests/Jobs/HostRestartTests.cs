using System.Text.Json;

namespace PluginHost.Host.Tests.Jobs;

[TestFixture("none")]
[TestFixture("sandbox")]
internal sealed class HostRestartTests(string isolation)
{
    [Test]
    public async Task Host_KilledMidQueue_EveryJobRunsAfterRestart()
    {
        var settings = new Dictionary<string, string> { ["PluginHost__Jobs__Concurrency"] = "1" };
        var first = await HostProcess.StartAsync(settings);
        HostProcess? second = null;
        try
        {
            first.RegisterAssembly("Pipeline", isolation);
            var step = first.RegisterStep("--type", "TestPlugins.Pipeline.HangFirstTime", "--message", "Create", "--entity", "queued", "--stage", "40", "--mode", "async");
            await first.WaitForRegistrationsAsync();
            var ids = new List<Guid>();
            for (var index = 0; index < 3; index++)
            {
                ids.Add(await first.CreateAsync("queued", new { index }));
            }

            await AsyncJobTests.WaitForAsync(async () => (await JobsAsync(first, "InProgress")).FirstOrDefault());
            // Claimed is not yet hanging: a sandboxed run starts a worker first. Its marker says it hangs now.
            await AsyncJobTests.WaitForAsync(async () =>
            {
                var (_, body) = await first.SendAsync(HttpMethod.Get, "/api/entities/marker");
                return body.GetProperty("value").EnumerateArray().FirstOrDefault();
            });
            first.Kill();
            await first.DisposeAsync();

            second = await HostProcess.StartAsync(settings, database: first.Database, folder: first.Folder);
            var logged = await AsyncJobTests.WaitForAsync(async () =>
            {
                var (_, body) = await second.SendAsync(HttpMethod.Get, "/api/entities/asynclog");
                var targets = body.GetProperty("value").EnumerateArray().Select(row => row.GetProperty("target").GetString()).ToList();
                return targets.Count >= 3 ? body : default;
            });
            var jobs = await JobsAsync(second, null);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(
                    logged.GetProperty("value").EnumerateArray().Select(row => Guid.Parse(row.GetProperty("target").GetString()!)),
                    Is.EquivalentTo(ids));
                Assert.That(jobs.Select(job => job.GetProperty("status").GetString()), Is.All.EqualTo("Succeeded"));
                Assert.That(jobs.Select(job => job.GetProperty("stepId").GetString()), Is.All.EqualTo(step));
                Assert.That(jobs.Max(job => job.GetProperty("attempts").GetInt32()), Is.EqualTo(2), "the interrupted job ran a second time");
            }
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null)
            {
                await second.DisposeAsync();
            }

            first.DeleteFolder();
        }
    }

    private static async Task<IReadOnlyList<JsonElement>> JobsAsync(HostProcess host, string? status)
    {
        var (_, body) = await host.SendAsync(HttpMethod.Get, status is null ? "/api/admin/jobs" : $"/api/admin/jobs?status={status}");
        return body.EnumerateArray().ToList();
    }
}
