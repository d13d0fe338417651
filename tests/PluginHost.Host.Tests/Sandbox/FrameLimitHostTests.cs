using System.Net;
using System.Text.Json;

namespace PluginHost.Host.Tests.Sandbox;

/// <summary>
/// Messages the host cannot send to a sandbox worker, on a host whose frames carry at most 1 MB: the request that
/// caused one fails with 413 PayloadTooLarge naming the setting, nothing is stored, and the worker, which was sent
/// nothing of it, stays in the pool.
/// </summary>
[TestFixture]
internal sealed class FrameLimitHostTests() : HostTestBase("sandbox")
{
    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["PluginHost__Sandbox__MaxFrameMegabytes"] = "1",
        ["PluginHost__MaxRequestBodyMb"] = "4",
    };

    [Test]
    public async Task Create_ContextLargerThanAFrame_413AndTheWorkerStays()
    {
        var entity = NewEntity();
        Step("OrderRecorder", "Create", entity, 20, "--config", "ran");
        await Host.WaitForRegistrationsAsync();
        var before = await WorkersAsync();

        var (status, error, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { blob = new string('x', 1_500_000) });
        var after = await WorkersAsync();
        var (smallStatus, _, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { blob = "small" });

        AssertError(status, error, HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Message(error), Does.Contain("TestPlugins.Pipeline.OrderRecorder").And.Contain("1 MB").And.Contain("PluginHost:Sandbox:MaxFrameMegabytes"));
            Assert.That(after, Is.EqualTo(before), "no worker was started or replaced");
            Assert.That(smallStatus, Is.EqualTo(HttpStatusCode.Created));
            Assert.That((await RecordsAsync(entity)).Select(record => record.GetProperty("blob").GetString()), Is.EqualTo(new[] { "small" }));
        }
    }

    [Test]
    public async Task Create_ServiceAnswerLargerThanAFrame_413FaultAndTheWorkerStays()
    {
        var source = NewEntity("big");
        for (var index = 0; index < 3; index++)
        {
            await Host.CreateAsync(source, new { blob = new string('y', 400_000) });
        }

        var small = NewEntity("small");
        await Host.CreateAsync(small, new { blob = "z" });
        var reader = NewEntity();
        var smallReader = NewEntity();
        Step("WholeTableReader", "Create", reader, 20, "--config", source);
        Step("WholeTableReader", "Create", smallReader, 20, "--config", small);
        await Host.WaitForRegistrationsAsync();
        var before = await WorkersAsync();

        var (status, error, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{reader}", new { name = "x" });
        var after = await WorkersAsync();
        var id = await Host.CreateAsync(smallReader, new { name = "y" });
        var (_, record, _) = await SendAsync(HttpMethod.Get, $"/api/entities/{smallReader}/{id}");

        AssertError(status, error, HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Message(error), Does.Contain("organization-service call").And.Contain("PluginHost:Sandbox:MaxFrameMegabytes"));
            Assert.That(after, Is.EqualTo(before), "no worker was started or replaced");
            Assert.That(await RecordsAsync(reader), Is.Empty);
            Assert.That(record.GetProperty("read").GetInt32(), Is.EqualTo(1));
        }
    }

    private static string Message(JsonElement error) => error.GetProperty("error").GetProperty("message").GetString()!;

    /// <summary>Workers started and replaced so far, once the warm pool is up.</summary>
    private async Task<(long Started, long Replaced)> WorkersAsync()
    {
        var sandbox = default(JsonElement);
        await Eventually.TrueAsync(async () =>
        {
            var (_, stats, _) = await SendAsync(HttpMethod.Get, "/api/admin/stats");
            sandbox = stats.GetProperty("sandbox");
            return sandbox.GetProperty("idle").GetInt32() >= 2;
        }, TimeSpan.FromSeconds(30));
        return (sandbox.GetProperty("workersStarted").GetInt64(), sandbox.GetProperty("workersReplaced").GetInt64());
    }
}
