using System.Net;

namespace PluginHost.Host.Tests.Compatibility;

/// <summary>
/// A plug-in built on Microsoft's project template (net462: PluginBase, LocalPluginContext, Get&lt;T&gt;(),
/// GetOrganizationService(userId), the telemetry ILogger, the FaultException&lt;OrganizationServiceFault&gt; catch, an
/// early-bound class with navigation properties) runs unchanged, trusted and sandboxed.
/// </summary>
[TestFixture("none")]
[TestFixture("sandbox")]
internal sealed class TemplatePluginTests(string isolation) : HostTestBase(isolation)
{
    protected override IDictionary<string, string> Settings => new Dictionary<string, string> { ["PluginHost__TraceLog"] = "All" };

    [OneTimeSetUp]
    public async Task RegisterTemplatePluginAsync()
    {
        Host.RegisterAssembly("Template", Isolation);
        Host.RegisterStep("--type", "TestPlugins.Template.FollowUpPlugin", "--message", "Create", "--entity", "account", "--stage", "postoperation");
        await Host.WaitForRegistrationsAsync();
    }

    [Test]
    public async Task Create_TemplatePlugin_CreatesItsTaskAndTracesThroughTheTemplate()
    {
        var name = $"Fabrikam {Guid.NewGuid():N}";

        var (status, body, correlationId) = await SendAsync(HttpMethod.Post, "/api/entities/account", new { name });

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body.ToString);
        var task = (await RecordsAsync("task")).Single(record => record.GetProperty("subject").GetString() == $"Template follow-up: {name}");
        var trace = (await Host.TracesAsync(correlationId)).Single().GetProperty("traceText").GetString();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(task.GetProperty("regardingobjectid").GetProperty("id").GetGuid(), Is.EqualTo(body.GetProperty("id").GetGuid()));
            Assert.That(task.GetProperty("hasnotificationservice").GetBoolean(), Is.True);
            Assert.That(task.GetProperty("navigation").GetString(), Is.EqualTo($"Owner of {name}"), "the early-bound navigation property");
            Assert.That(trace, Does.Contain("[Execute] - Entered TestPlugins.Template.FollowUpPlugin.Execute()"));
            Assert.That(trace, Does.Contain($"Following up {name}"), "the telemetry logger's entry");
            Assert.That(trace, Does.Contain("Exiting TestPlugins.Template.FollowUpPlugin.Execute()"));
        }
    }

    [Test]
    public async Task Create_TemplatePluginRetrievesMissingRecord_FaultBecomesItsRefusal()
    {
        var (status, body, correlationId) = await SendAsync(HttpMethod.Post, "/api/entities/account", new { name = "missing" });

        AssertError(status, body, HttpStatusCode.BadRequest, "PluginFailed");
        var trace = (await Host.TracesAsync(correlationId)).Last().GetProperty("traceText").GetString();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(body.GetProperty("error").GetProperty("message").GetString(), Does.StartWith("OrganizationServiceFault: task with id"));
            Assert.That(trace, Does.Contain("Exception: -2147220969: task with id"), "the fault's Dataverse number for a missing record");
        }
    }
}
