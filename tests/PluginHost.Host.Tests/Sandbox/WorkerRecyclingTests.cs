namespace PluginHost.Host.Tests.Sandbox;

/// <summary>
/// A worker that has served <c>MaxExecutionsPerWorker</c> executions is replaced by a fresh process: the plug-in's
/// static state starts over, and every request is still served.
/// </summary>
[TestFixture]
internal sealed class WorkerRecyclingTests() : HostTestBase("sandbox")
{
    private const int ExecutionsPerWorker = 3;

    // No warm pool: a replacement is then started by the request that needs it, not in the background, so which
    // worker serves which request does not depend on timing.
    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["PluginHost__Sandbox__MaxExecutionsPerWorker"] = ExecutionsPerWorker.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PluginHost__Sandbox__Workers"] = "0",
    };

    [Test]
    public async Task Create_MoreExecutionsThanAWorkerServes_FreshWorkerTakesOverAndAllSucceed()
    {
        var entity = NewEntity();
        Step("ExecutionCounter", "Create", entity, 20);
        await Host.WaitForRegistrationsAsync();
        var startedBefore = await WorkersStartedAsync();

        var sequences = new List<int>();
        for (var request = 0; request < 3 * ExecutionsPerWorker + 1; request++)
        {
            var id = await Host.CreateAsync(entity, new { name = $"record {request}" });
            var (_, record, _) = await SendAsync(HttpMethod.Get, $"/api/entities/{entity}/{id}");
            sequences.Add(record.GetProperty("sequence").GetInt32());
        }

        using (Assert.EnterMultipleScope())
        {
            // Each worker counts from 1 in its own process; the fourth execution runs in a new one.
            Assert.That(sequences, Is.EqualTo(new[] { 1, 2, 3, 1, 2, 3, 1, 2, 3, 1 }));
            Assert.That(await WorkersStartedAsync() - startedBefore, Is.EqualTo(4), "one worker per three executions");
        }
    }

    private async Task<long> WorkersStartedAsync()
    {
        var (_, stats, _) = await SendAsync(HttpMethod.Get, "/api/admin/stats");
        return stats.GetProperty("sandbox").GetProperty("workersStarted").GetInt64();
    }
}
