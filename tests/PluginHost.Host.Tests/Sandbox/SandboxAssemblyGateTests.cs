using System.Net;

namespace PluginHost.Host.Tests.Sandbox;

/// <summary>
/// The load-time re-check of SPEC §7: a sandboxed assembly is scanned again against the disallowed list as it stands
/// when a step is about to run, so an API an admin disallows after registration stops the assembly at once.
/// </summary>
[TestFixture]
internal sealed class SandboxAssemblyGateTests() : HostTestBase("sandbox")
{
    // OrderRecorder builds "a,b" with string interpolation, which compiles to String.Concat.
    private const string UsedApi = "System.String::Concat";

    [Test]
    public async Task Create_AssemblyUsingAnApiDisallowedAfterRegistration_NotRunAndNothingStored()
    {
        var entity = NewEntity();
        Step("OrderRecorder", "Create", entity, 20, "--config", "gated");
        await Host.WaitForRegistrationsAsync();
        var (before, _, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "before" });

        Host.Reg("disallowed", "add", UsedApi, "--reason", "disallowed by the gate test");
        await Host.WaitForRegistrationsAsync();
        var (status, body, correlation) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "refused" });
        var traces = await Host.TracesAsync(correlation);

        Host.Reg("disallowed", "remove", UsedApi);
        await Host.WaitForRegistrationsAsync();
        var (after, _, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "after" });

        AssertError(status, body, HttpStatusCode.InternalServerError, "PluginError");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(before, Is.EqualTo(HttpStatusCode.Created), "the assembly was clean when registered");
            Assert.That(body.GetProperty("error").GetProperty("message").GetString(), Does.Contain(UsedApi).And.Contain("TestPlugins.Pipeline.OrderRecorder").And.Contain("disallowed"));
            Assert.That(traces.Select(row => row.GetProperty("traceText").GetString()), Is.EqualTo(new string?[] { null }), "the plug-in never ran, so it traced nothing");
            Assert.That((await RecordsAsync(entity)).Select(record => record.GetProperty("name").GetString()), Is.EquivalentTo(new[] { "before", "after" }));
            Assert.That(after, Is.EqualTo(HttpStatusCode.Created), "removing the pattern lets the assembly run again");
        }
    }
}
