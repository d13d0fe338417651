using System.Net;
using System.Text.Json;

namespace PluginHost.Host.Tests.Compatibility;

/// <summary>
/// A DLL compiled as Dataverse plug-ins are (net462, strong-named, referencing mscorlib and Microsoft.Xrm.Sdk 9.0.0.0)
/// registers unchanged and runs on .NET 10, trusted and sandboxed.
/// </summary>
[TestFixture("none")]
[TestFixture("sandbox")]
internal sealed class Net462PluginTests(string isolation) : HostTestBase(isolation)
{
    private const string PluginType = "TestPlugins.Net462Dataverse.FollowUpPlugin";

    private string _entity = null!;

    protected override IDictionary<string, string> Settings => new Dictionary<string, string> { ["PluginHost__TraceLog"] = "All" };

    [OneTimeSetUp]
    public async Task RegisterNet462PluginAsync()
    {
        Host.RegisterAssembly("Net462Dataverse", Isolation);
        _entity = NewEntity("net462");
        Host.RegisterStep("--type", PluginType, "--message", "Create", "--entity", _entity, "--stage", "postoperation", "--config", "Call back");
        Host.RegisterAssembly("OldSdkPlugin", Isolation);
        Host.RegisterStep("--type", "TestPlugins.OldSdkPlugin.TracePlugin", "--message", "Create", "--entity", _entity, "--stage", "preoperation");
        await Host.WaitForRegistrationsAsync();
    }

    [Test]
    public async Task Create_Net462Plugin_RunsOnNet10AndUsesTheOrganizationService()
    {
        var name = $"Contoso {Guid.NewGuid():N}";

        var id = await Host.CreateAsync(_entity, new { name });

        var task = (await RecordsAsync("task")).Single(record => record.GetProperty("subject").GetString() == $"Call back: {name}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(task.GetProperty("regardingobjectid").GetProperty("id").GetGuid(), Is.EqualTo(id));
            Assert.That(task.GetProperty("tasksfound").GetInt32(), Is.EqualTo(1), "its QueryExpression found the task it created");
            Assert.That(task.GetProperty("framework").GetString(), Is.EqualTo("System.Private.CoreLib"), "mscorlib's object is .NET 10's");
            Assert.That(task.GetProperty("runtime").GetInt32(), Is.EqualTo(Environment.Version.Major));
            Assert.That(task.GetProperty("regardingname").GetString(), Is.EqualTo(name), "FetchXML with a link-entity, read as an AliasedValue");
            Assert.That(task.GetProperty("whoami").GetProperty("value").GetGuid(), Is.EqualTo(Guid.Empty), "a typed Microsoft.Crm.Sdk.Proxy request: the system user");
        }
    }

    [Test]
    public async Task Create_Net462PluginThrowsInvalidPluginExecution_CallerGetsItsMessage()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{_entity}", new { name = "fail" });

        AssertError(status, body, HttpStatusCode.BadRequest, "PluginFailed");
        Assert.That(body.GetProperty("error").GetProperty("message").GetString(), Is.EqualTo("The net462 plug-in refused the name 'fail'."));
    }

    [Test]
    public async Task Create_PluginBuiltAgainstSdk5WithoutToken_BindsToTheHostsSdk()
    {
        var (status, body, correlationId) = await SendAsync(HttpMethod.Post, $"/api/entities/{_entity}", new { name = "old sdk" });

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body.ToString);
        var traces = await Host.TracesAsync(correlationId);
        Assert.That(
            traces.Select(row => row.GetProperty("traceText").GetString()),
            Has.Some.Contains("built against SDK 5.0.0.0"));
    }

    [Test]
    public void Register_Net462Plugin_ReportsItsTypeAndStrongName()
    {
        var assemblies = Host.Reg("assembly", "list");

        var registered = assemblies.EnumerateArray().Single(assembly => assembly.GetProperty("name").GetString() == "TestPlugins.Net462Dataverse");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(registered.GetProperty("types").EnumerateArray().Select(type => type.GetString()), Is.EqualTo(new[] { PluginType }));
            Assert.That(registered.GetProperty("isolation").GetString(), Is.EqualTo(Isolation));
            Assert.That(registered.TryGetProperty("publicKeyToken", out var token) ? token.GetString() : "(none)", Has.Length.EqualTo(16));
        }
    }
}
