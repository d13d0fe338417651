using System.Net;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Tests.Pipeline;

[TestFixture("none", DatabaseBackend.Sqlite)]
[TestFixture("none", DatabaseBackend.PostgreSql)]
[TestFixture("sandbox", DatabaseBackend.Sqlite)]
[TestFixture("sandbox", DatabaseBackend.PostgreSql)]
internal sealed class FailureTests(string isolation, DatabaseBackend backend) : HostTestBase(isolation, backend)
{
    [Test]
    public async Task Create_PreValidationRefusal_MessageVerbatimAndNothingStored()
    {
        var entity = NewEntity();
        Step("Refuser", "Create", entity, "prevalidation", "--config", "Accounts need a name, said the validator.");
        Step("OrderRecorder", "Create", entity, 20, "--config", "must not run");
        await Host.WaitForRegistrationsAsync();

        var (status, body, correlation) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { city = "Oslo" });

        AssertError(status, body, HttpStatusCode.BadRequest, "PluginFailed");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(body.GetProperty("error").GetProperty("message").GetString(), Is.EqualTo("Accounts need a name, said the validator."));
            Assert.That(body.GetProperty("error").GetProperty("correlationId").GetString(), Is.EqualTo(correlation));
            Assert.That(await RecordsAsync(entity), Is.Empty);
            Assert.That((await Host.TracesAsync(correlation)).Select(row => row.GetProperty("pluginType").GetString()), Is.EqualTo(new[] { "TestPlugins.Pipeline.Refuser" }));
        }
    }

    [TestCase(20)]
    [TestCase(40)]
    public async Task Create_RefusalInsideTransaction_RollsBackEverything(int stage)
    {
        var entity = NewEntity();
        var child = NewEntity("child");
        Step("NestedCreator", "Create", entity, 20, "--config", child);
        Step("Refuser", "Create", entity, stage, "--config", "no", "--rank", "5");
        await Host.WaitForRegistrationsAsync();

        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });

        AssertError(status, body, HttpStatusCode.BadRequest, "PluginFailed");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await RecordsAsync(entity), Is.Empty);
            Assert.That(await RecordsAsync(child), Is.Empty, "the nested create is rolled back with its parent");
        }
    }

    [Test]
    public async Task Create_UnexpectedException_GenericMessageToCallerDetailsInTraceLog()
    {
        var entity = NewEntity();
        Step("Crasher", "Create", entity, 20);
        await Host.WaitForRegistrationsAsync();

        var (status, body, correlation) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });
        var message = body.GetProperty("error").GetProperty("message").GetString();
        var trace = (await Host.TracesAsync(correlation)).Single();

        AssertError(status, body, HttpStatusCode.InternalServerError, "PluginError");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(message, Does.Contain("TestPlugins.Pipeline.Crasher").And.Contain(correlation));
            Assert.That(message, Does.Not.Contain("secret").And.Not.Contain("InvalidOperationException"));
            Assert.That(trace.GetProperty("outcome").GetString(), Is.EqualTo("Failed"));
            Assert.That(trace.GetProperty("traceText").GetString(), Does.Contain("about to fail on purpose"));
            Assert.That(trace.GetProperty("exception").GetString(), Does.Contain("InvalidOperationException").And.Contain("secret=42"));
            Assert.That(await RecordsAsync(entity), Is.Empty);
        }
    }

    [Test]
    public async Task Create_PluginCreatingItsOwnEntity_InfiniteLoopAndNothingStored()
    {
        var entity = NewEntity("loop");
        Step("Looper", "Create", entity, 20);
        await Host.WaitForRegistrationsAsync();

        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });

        AssertError(status, body, HttpStatusCode.BadRequest, "InfiniteLoop");
        Assert.That(await RecordsAsync(entity), Is.Empty);
    }

    [Test]
    public async Task Create_PluginSwallowsNestedFailure_OperationStillRolledBack()
    {
        var entity = NewEntity();
        var child = NewEntity("child");
        Step("Refuser", "Create", child, 10, "--config", "child refused");
        Step("SwallowingCreator", "Create", entity, 40, "--config", child);
        await Host.WaitForRegistrationsAsync();

        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });

        AssertError(status, body, HttpStatusCode.BadRequest, "PluginFailed");
        Assert.That(await RecordsAsync(entity), Is.Empty);
    }
}
