using System.Net;
using System.Text.Json;

namespace PluginHost.Host.Tests.Loading;

[TestFixture]
internal sealed class HotUpdateTests : HostTestBase
{
    [Test]
    public async Task AssemblyUpdate_WhileHostRuns_NewContentLiveAndOldContextCollected()
    {
        var entity = NewEntity();
        Host.RegisterAssembly("Versioned.V1");
        Host.RegisterStep("--type", "TestPlugins.Versioned.Kept", "--message", "Create", "--entity", entity, "--stage", "20");
        Step("ContextReporter", "Create", entity, 40);
        await Host.WaitForRegistrationsAsync();
        var (_, _, before) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });

        Host.Reg("assembly", "update", "TestPlugins.Versioned", Paths.TestPlugin("Versioned.V2"));
        await Host.WaitForRegistrationsAsync();
        var (_, _, after) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "y" });
        var contexts = await WaitForUnloadsAsync(1);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Fields((await Host.TracesAsync(before)).Last())["Shared"], Is.EqualTo("version=1"));
            Assert.That(Fields((await Host.TracesAsync(after)).Last())["Shared"], Is.EqualTo("version=2"));
            Assert.That(contexts.GetProperty("unloadsFailed").GetInt64(), Is.Zero);
        }
    }

    [Test]
    public async Task AssemblyUnregistered_AfterPluginSetAnAsyncLocal_ContextStillCollected()
    {
        var entity = NewEntity();
        var (_, stats, _) = await SendAsync(HttpMethod.Get, "/api/admin/stats");
        var verifiedBefore = stats.GetProperty("loadContexts").GetProperty("unloadsVerified").GetInt64();
        Host.RegisterAssembly("AsyncLocalPlugin");
        Host.RegisterStep("--type", "TestPlugins.AsyncLocalPlugin.AsyncLocalSetter", "--message", "Create", "--entity", entity, "--stage", "20");
        await Host.WaitForRegistrationsAsync();
        for (var index = 0; index < 4; index++)
        {
            await Host.CreateAsync(entity, new { index });
        }

        Host.Reg("assembly", "unregister", "TestPlugins.AsyncLocalPlugin", "--force");
        await Host.WaitForRegistrationsAsync();
        var contexts = await WaitForUnloadsAsync(verifiedBefore + 1);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(contexts.GetProperty("unloadsFailed").GetInt64(), Is.Zero);
            Assert.That(Host.Log, Does.Not.Contain("did not unload"));
        }
    }

    private async Task<JsonElement> WaitForUnloadsAsync(long verified)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var (status, stats, _) = await SendAsync(HttpMethod.Get, "/api/admin/stats");
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            var contexts = stats.GetProperty("loadContexts");
            if (contexts.GetProperty("unloadsVerified").GetInt64() >= verified || contexts.GetProperty("unloadsFailed").GetInt64() > 0)
            {
                return contexts;
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"no unload verified within 30 s: {stats}");
            await Task.Delay(100);
        }
    }
}
