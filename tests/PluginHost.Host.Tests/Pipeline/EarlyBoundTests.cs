using System.Net;
using System.Text.Json;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Tests.Pipeline;

/// <summary>
/// A plug-in written in the Dataverse idiom (early-bound Account and Contact, ToEntity, Get&lt;T&gt;,
/// IPluginExecutionContext7, the PluginTelemetry ILogger) runs through real requests, trusted and sandboxed alike.
/// Its steps are on the fixed entity "account", so they are registered once per fixture (one host each).
/// </summary>
[TestFixture("none", DatabaseBackend.Sqlite)]
[TestFixture("none", DatabaseBackend.PostgreSql)]
[TestFixture("sandbox", DatabaseBackend.Sqlite)]
internal sealed class EarlyBoundTests(string isolation, DatabaseBackend backend) : HostTestBase(isolation, backend)
{
    private const string UserAgent = "EarlyBoundTests/1.0";

    private const string OrganizationId = "5d1e4c3b-2a19-4f08-9e7d-6c5b4a392817";

    private string _preparerStep = "";

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["PluginHost__OrganizationName"] = "Contoso Test",
        ["PluginHost__OrganizationId"] = OrganizationId,
    };

    [OneTimeSetUp]
    public async Task RegisterEarlyBoundStepsAsync()
    {
        Host.RegisterAssembly("EarlyBound", Isolation);
        _preparerStep = Host.RegisterStep(["--type", "TestPlugins.EarlyBound.AccountPreparer", "--message", "Create", "--entity", "account", "--stage", "20", "--name", "Prepare account"]);
        Host.RegisterStep(["--type", "TestPlugins.EarlyBound.ContactCreator", "--message", "Create", "--entity", "account", "--stage", "40"]);
        await Host.WaitForRegistrationsAsync();
    }

    [Test]
    public async Task Create_EarlyBoundTarget_TypedChangesAndRelatedContactAreStored()
    {
        var name = NewEntity("Contoso");

        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/entities/account", new { name });
        var id = body.GetProperty("id").GetString();
        var account = await RecordAsync("account", id!);
        var contacts = await RecordsAsync("contact", $"?lastname={Uri.EscapeDataString("Contact of " + name)}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body.ToString);
            Assert.That(account.GetProperty("description").GetString(), Is.EqualTo("Prepared for " + name));
            Assert.That(account.GetProperty("numberofemployees").GetInt32(), Is.EqualTo(10));
            Assert.That(account.GetProperty("industrycode").GetProperty("value").GetInt32(), Is.EqualTo(3));
            Assert.That(
                account.GetProperty("new_categories").EnumerateArray().Select(option => option.GetProperty("value").GetInt32()),
                Is.EqualTo(new[] { 1, 5 }),
                "a multi-select value (OptionSetValueCollection) is stored and read back");
            Assert.That(contacts, Has.Count.EqualTo(1), "the plug-in created the related contact with an early-bound instance");
            Assert.That(account.GetProperty("primarycontactid").GetProperty("id").GetString(), Is.EqualTo(contacts[0].GetProperty("id").GetString()));
            Assert.That(contacts[0].GetProperty("parentcustomerid").GetProperty("logicalName").GetString(), Is.EqualTo("account"));
            Assert.That(contacts[0].GetProperty("parentcustomerid").GetProperty("id").GetString(), Is.EqualTo(id));
        }
    }

    [Test]
    public async Task Create_PluginExecutionContext7_ReportsTheHostsValues()
    {
        var user = Guid.NewGuid();
        var key = Host.Reg("user", "add", NewEntity("user"), "--id", user.ToString()).GetProperty("key").GetString();
        await Host.WaitForRegistrationsAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/entities/account") { Content = System.Net.Http.Json.JsonContent.Create(new { name = NewEntity("Fabrikam") }) };
        request.Headers.Authorization = new("Bearer", key);
        request.Headers.UserAgent.ParseAdd(UserAgent);
        using var response = await Host.Http.SendAsync(request);
        var rows = await Host.TracesAsync(response.Headers.GetValues("X-Correlation-Id").Single());
        var fields = Fields(rows.Single(row => row.GetProperty("pluginType").GetString() == "TestPlugins.EarlyBound.AccountPreparer"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(fields["OrganizationName"], Is.EqualTo("Contoso Test"));
            Assert.That(fields["OrganizationId"], Is.EqualTo(OrganizationId));
            Assert.That(fields["EnvironmentId"], Is.EqualTo(OrganizationId));
            Assert.That(fields["TenantId"], Is.EqualTo(Guid.Empty.ToString()));
            Assert.That(fields["BusinessUnitId"], Is.EqualTo(Guid.Empty.ToString()));
            Assert.That(fields["SecondaryEntityName"], Is.EqualTo("none"));
            Assert.That(fields["OwningExtension"], Is.EqualTo($"sdkmessageprocessingstep:{_preparerStep}:Prepare account"));
            Assert.That(fields["RequestId"], Is.Empty);
            Assert.That(fields["InitiatingUserAgent"], Is.EqualTo(UserAgent));
            Assert.That(fields["AuthenticatedUserId"], Is.EqualTo(user.ToString()));
            Assert.That(fields["InitiatingUserId"], Is.EqualTo(user.ToString()));
            Assert.That(fields["IsApplicationUser"], Is.EqualTo("False"));
            Assert.That(fields["IsPortalsClientCall"], Is.EqualTo("False"));
            Assert.That(fields["IsExecutingOffline"], Is.EqualTo("False"));
            Assert.That(fields["PreEntityImagesCollection"], Is.EqualTo("1"));
            Assert.That(fields["SameContextForEveryVersion"], Is.EqualTo("True"));
            Assert.That(fields["UnknownService"], Is.EqualTo("null"));
        }
    }

    [Test]
    public async Task Create_PluginTelemetryLogger_ReachesTraceLogAndHostLog()
    {
        var name = NewEntity("Northwind");

        var (status, _, correlation) = await SendAsync(HttpMethod.Post, "/api/entities/account", new { name });
        var rows = await Host.TracesAsync(correlation);
        string TraceOf(string type) => rows.Single(row => row.GetProperty("pluginType").GetString() == $"TestPlugins.EarlyBound.{type}").GetProperty("traceText").GetString()!;
        var hostLine = await Host.LogLineAsync($"Contact Contact of {name} created") ?? "";

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(TraceOf("AccountPreparer"), Does.Contain($"Information: Account {name} prepared with 10 employees\n"));
            Assert.That(TraceOf("ContactCreator"), Does.Match($@"Warning: \[Contact for [0-9a-f-]{{36}}\] Contact Contact of {name} created with parent account\n"));
            Assert.That(hostLine, Does.Contain(" WARN ").And.Contain("TestPlugins.EarlyBound.ContactCreator").And.Contain(correlation), "the host's log names level, plug-in type and correlation");
        }
    }

    private async Task<JsonElement> RecordAsync(string entity, string id)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, $"/api/entities/{entity}/{id}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString);
        return body;
    }
}
