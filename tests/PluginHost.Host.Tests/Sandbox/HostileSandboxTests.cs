using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace PluginHost.Host.Tests.Sandbox;

/// <summary>
/// Sandboxed plug-ins that pass the default scan and still try to take their worker down (TestPlugins.Hostile): each
/// fails only its own request, with the error code of SPEC §8, a trace row and a count in the statistics, while the
/// same host process goes on serving sandboxed requests.
/// </summary>
[TestFixture]
internal sealed class HostileSandboxTests() : HostTestBase("sandbox")
{
    private const int TimeoutSeconds = 3;

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["PluginHost__Sandbox__ExecutionTimeoutSeconds"] = TimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PluginHost__Sandbox__MemoryLimitMb"] = "128",
    };

    [OneTimeSetUp]
    public void RegisterHostilePlugins() => Host.RegisterAssembly("Hostile", "sandbox");

    [Test]
    public async Task Create_EndlessLoop_TimeoutWithinLimitAndNothingStored()
    {
        var entity = NewEntity();
        HostileStep("EndlessLoop", entity);
        await Host.WaitForRegistrationsAsync();

        var watch = Stopwatch.StartNew();
        var (status, body, correlation) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "never stored" });
        watch.Stop();

        AssertError(status, body, HttpStatusCode.GatewayTimeout, "Timeout");
        await AssertFailedOnlyItsOwnRequestAsync(entity, body, correlation, "EndlessLoop", "Timeout", "timeouts");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(TimeoutSeconds)), "the timeout, not something else, ended it");
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(TimeoutSeconds + 5)));
        }

        await AssertHostStillServesSandboxedRequestsAsync();
    }

    [Test]
    public async Task Create_EndlessRecursion_SandboxCrashedAndNothingStored()
    {
        var entity = NewEntity();
        HostileStep("EndlessRecursion", entity);
        await Host.WaitForRegistrationsAsync();

        var (status, body, correlation) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "never stored" });

        AssertError(status, body, HttpStatusCode.BadGateway, "SandboxCrashed");
        await AssertFailedOnlyItsOwnRequestAsync(entity, body, correlation, "EndlessRecursion", "Crashed", "crashes");
        await AssertHostStillServesSandboxedRequestsAsync();
    }

    [Test]
    public async Task Create_EndlessAllocation_SandboxMemoryExceededAndNothingStored()
    {
        var entity = NewEntity();
        HostileStep("EndlessAllocation", entity);
        await Host.WaitForRegistrationsAsync();

        var (status, body, correlation) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "never stored" });

        AssertError(status, body, HttpStatusCode.BadGateway, "SandboxMemoryExceeded");
        await AssertFailedOnlyItsOwnRequestAsync(entity, body, correlation, "EndlessAllocation", "MemoryExceeded", "memoryBreaches");
        Assert.That(body.GetProperty("error").GetProperty("message").GetString(), Does.Contain("128 MB"));
        await AssertHostStillServesSandboxedRequestsAsync();
    }

    [Test]
    public async Task Create_GarbageOnStdoutThatLooksLikeFrames_NoEffect()
    {
        var entity = NewEntity();
        HostileStep("StdoutGarbage", entity);
        await Host.WaitForRegistrationsAsync();

        var (status, body, correlation) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "stored" });
        var record = (await RecordsAsync(entity)).SingleOrDefault();
        var trace = (await Host.TracesAsync(correlation)).Single();
        var stats = await StatisticsAsync("TestPlugins.Hostile.StdoutGarbage");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body.ToString);
            Assert.That(record.ValueKind, Is.EqualTo(JsonValueKind.Object), "the record is stored");
            Assert.That(record.ValueKind == JsonValueKind.Object ? record.GetProperty("garbage").GetString() : null, Is.EqualTo("written"), "the plug-in ran to the end");
            Assert.That(trace.GetProperty("outcome").GetString(), Is.EqualTo("Succeeded"));
            Assert.That(trace.GetProperty("traceText").GetString(), Is.Null, "nothing written to stdout reaches the trace log");
            Assert.That(stats.GetProperty("executions").GetInt64(), Is.EqualTo(1));
            Assert.That(stats.GetProperty("failures").GetInt64(), Is.Zero);
        }

        await AssertHostStillServesSandboxedRequestsAsync();
    }

    private void HostileStep(string type, string entity) =>
        Host.RegisterStep("--type", $"TestPlugins.Hostile.{type}", "--message", "Create", "--entity", entity, "--stage", "20");

    /// <summary>The request failed alone: nothing stored, one trace row with the outcome, one count in the statistics.</summary>
    private async Task AssertFailedOnlyItsOwnRequestAsync(string entity, JsonElement body, string correlation, string type, string outcome, string counter)
    {
        var pluginType = $"TestPlugins.Hostile.{type}";
        var traces = await Host.TracesAsync(correlation);
        var stats = await StatisticsAsync(pluginType);
        var warning = await Host.LogLineAsync(line => line.Contains(" WARN ", StringComparison.Ordinal) && line.Contains(correlation, StringComparison.Ordinal));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(body.GetProperty("error").GetProperty("message").GetString(), Does.Contain(pluginType).And.Contain(correlation));
            Assert.That(await RecordsAsync(entity), Is.Empty, "the operation was rolled back");
            Assert.That(traces.Select(row => (row.GetProperty("pluginType").GetString(), row.GetProperty("outcome").GetString())), Is.EqualTo(new[] { (pluginType, outcome) }));
            Assert.That(traces.Select(row => row.GetProperty("exception").GetString()), Has.All.Not.Empty);
            Assert.That(warning, Does.Contain("Sandbox worker").And.Contain(pluginType), "one warning line for the operator: a plug-in's crash is not a host error");
            Assert.That(stats.GetProperty("executions").GetInt64(), Is.EqualTo(1));
            Assert.That(stats.GetProperty("failures").GetInt64(), Is.EqualTo(1));
            Assert.That(stats.GetProperty(counter).GetInt64(), Is.EqualTo(1), $"{counter} of {pluginType}");
            foreach (var other in new[] { "crashes", "timeouts", "memoryBreaches" }.Where(name => name != counter))
            {
                Assert.That(stats.GetProperty(other).GetInt64(), Is.Zero, $"{other} of {pluginType}");
            }
        }
    }

    /// <summary>The next sandboxed request succeeds, served by the same host process.</summary>
    private async Task AssertHostStillServesSandboxedRequestsAsync()
    {
        var entity = NewEntity("next");
        Step("OrderRecorder", "Create", entity, 20, "--config", "next request");
        await Host.WaitForRegistrationsAsync();

        var (status, body, correlation) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "served" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body.ToString);
            Assert.That((await Host.TracesAsync(correlation)).Select(row => row.GetProperty("traceText").GetString()?.Trim()), Is.EqualTo(new[] { "order:next request" }));
            // The same Process object: had the host died and been restarted, this one would have exited.
            Assert.That(Host.HasExited, Is.False, "the host process is still running");
        }
    }

    private async Task<JsonElement> StatisticsAsync(string pluginType)
    {
        var (status, stats, _) = await SendAsync(HttpMethod.Get, "/api/admin/stats");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), stats.ToString);
        return stats.GetProperty("plugins").EnumerateArray().Single(entry => entry.GetProperty("pluginType").GetString() == pluginType);
    }
}
