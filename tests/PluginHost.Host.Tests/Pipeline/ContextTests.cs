using System.Net;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Tests.Pipeline;

[TestFixture("none", DatabaseBackend.Sqlite)]
[TestFixture("none", DatabaseBackend.PostgreSql)]
[TestFixture("sandbox", DatabaseBackend.Sqlite)]
internal sealed class ContextTests(string isolation, DatabaseBackend backend) : HostTestBase(isolation, backend)
{
    [Test]
    public async Task Create_ContextReporter_SeesEveryFieldForItsStage()
    {
        var entity = NewEntity();
        var user = Guid.NewGuid();
        Step("ContextReporter", "Create", entity, 10, "--config", "plain text", "--secure-config", "s3cret");
        Step("ContextReporter", "Create", entity, 40);
        var key = Host.Reg("user", "add", NewEntity("user"), "--id", user.ToString()).GetProperty("key").GetString();
        await Host.WaitForRegistrationsAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/entities/{entity}") { Content = System.Net.Http.Json.JsonContent.Create(new { name = "x" }) };
        request.Headers.Authorization = new("Bearer", key);
        using var response = await Host.Http.SendAsync(request);
        var correlation = response.Headers.GetValues("X-Correlation-Id").Single();
        var id = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        var rows = await Host.TracesAsync(correlation);
        var (pre, post) = (Fields(rows[0]), Fields(rows[1]));
        var hostPid = Host.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(pre["MessageName"], Is.EqualTo("Create"));
            Assert.That(pre["PrimaryEntityName"], Is.EqualTo(entity));
            Assert.That(pre["Stage"], Is.EqualTo("10"));
            Assert.That(pre["Depth"], Is.EqualTo("1"));
            Assert.That(pre["Mode"], Is.EqualTo("0"));
            Assert.That(pre["IsolationMode"], Is.EqualTo(Isolation == "none" ? "1" : "2"));
            Assert.That(pre["ProcessId"], Isolation == "none" ? Is.EqualTo(hostPid) : Is.Not.EqualTo(hostPid), "a sandboxed plug-in never runs in the host process");
            Assert.That(pre["IsInTransaction"], Is.EqualTo("False"));
            Assert.That(pre["UserId"], Is.EqualTo(user.ToString()));
            Assert.That(pre["InitiatingUserId"], Is.EqualTo(user.ToString()));
            Assert.That(pre["CorrelationId"], Is.EqualTo(correlation));
            Assert.That(pre["OperationCreatedOnKind"], Is.EqualTo("Utc"));
            Assert.That(pre["Input"], Is.EqualTo("Target"));
            Assert.That(pre["UnsecureConfig"], Is.EqualTo("plain text"));
            Assert.That(pre["SecureConfig"], Is.EqualTo("s3cret"));
            Assert.That(pre["ExecutionContextIsSameObject"], Is.EqualTo("True"));
            Assert.That(post["Stage"], Is.EqualTo("40"));
            Assert.That(post["IsInTransaction"], Is.EqualTo("True"));
            Assert.That(post["PrimaryEntityId"], Is.EqualTo(id));
            Assert.That(post["OperationId"], Is.EqualTo(pre["OperationId"]), "one operation, one id");
            Assert.That(post["UnsecureConfig"], Is.Empty);
            Assert.That(pre["OrganizationName"], Is.EqualTo("PluginHost"), "the default organization name");
            Assert.That(pre["OrganizationId"], Is.Not.EqualTo(Guid.Empty.ToString()).And.EqualTo(post["OrganizationId"]), "a stable id derived from the name");
        }
    }

    [Test]
    public async Task Create_SharedVariables_FlowFromStageToStage()
    {
        var entity = NewEntity();
        Step("OrderRecorder", "Create", entity, 10, "--config", "ten");
        Step("OrderRecorder", "Create", entity, 20, "--config", "twenty");
        Step("ContextReporter", "Create", entity, 40);
        await Host.WaitForRegistrationsAsync();

        var (_, _, correlation) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });

        Assert.That(Fields((await Host.TracesAsync(correlation)).Last())["Shared"], Is.EqualTo("order=ten,twenty"));
    }

    [Test]
    public async Task Update_PreAndPostImages_HoldOldAndNewValuesOfRegisteredAttributes()
    {
        var entity = NewEntity();
        var step = Step("ContextReporter", "Update", entity, 40);
        Host.Reg("image", "register", "--step", step, "--kind", "pre", "--alias", "before", "--attributes", "name");
        Host.Reg("image", "register", "--step", step, "--kind", "post", "--alias", "after");
        var preOp = Step("ContextReporter", "Update", entity, 20);
        Host.Reg("image", "register", "--step", preOp, "--kind", "pre", "--alias", "before");
        await Host.WaitForRegistrationsAsync();
        var id = await Host.CreateAsync(entity, new { name = "old", city = "Oslo" });

        var (_, _, correlation) = await SendAsync(HttpMethod.Patch, $"/api/entities/{entity}/{id}", new { name = "new" });
        var rows = await Host.TracesAsync(correlation);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Fields(rows[0])["PreImages"], Is.EqualTo("before:city=Oslo,name=old"));
            Assert.That(Fields(rows[0])["PostImages"], Is.Empty, "no post image before stage 40");
            Assert.That(Fields(rows[1])["PreImages"], Is.EqualTo("before:name=old"));
            Assert.That(Fields(rows[1])["PostImages"], Is.EqualTo("after:city=Oslo,name=new"));
        }
    }

    [Test]
    public async Task Delete_PreImage_HoldsTheDeletedRecord()
    {
        var entity = NewEntity();
        var step = Step("ContextReporter", "Delete", entity, 40);
        Host.Reg("image", "register", "--step", step, "--kind", "pre", "--alias", "gone");
        await Host.WaitForRegistrationsAsync();
        var id = await Host.CreateAsync(entity, new { name = "doomed" });

        var (status, _, correlation) = await SendAsync(HttpMethod.Delete, $"/api/entities/{entity}/{id}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(Fields((await Host.TracesAsync(correlation)).Single())["PreImages"], Is.EqualTo("gone:name=doomed"));
        }
    }

    [Test]
    public async Task Create_NestedCreate_RunsAtDepthTwoWithParentContextInTheTransaction()
    {
        var entity = NewEntity();
        var child = NewEntity("child");
        Step("NestedCreator", "Create", entity, 40, "--config", child);
        Step("ContextReporter", "Create", child, 10);
        await Host.WaitForRegistrationsAsync();

        var (status, _, correlation) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "parent" });
        var nested = Fields((await Host.TracesAsync(correlation)).Single(row => row.GetProperty("pluginType").GetString() == "TestPlugins.Pipeline.ContextReporter"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(nested["Depth"], Is.EqualTo("2"));
            Assert.That(nested["ParentStage"], Is.EqualTo("40"));
            Assert.That(nested["ParentMessage"], Is.EqualTo("Create"));
            Assert.That(nested["IsInTransaction"], Is.EqualTo("True"), "a nested PreValidation runs inside its caller's transaction");
            Assert.That(nested["CorrelationId"], Is.EqualTo(correlation));
            Assert.That(await RecordsAsync(child), Has.Count.EqualTo(1));
        }
    }

    [TestCase("null", "00000000-0000-0000-0000-000000000000")]
    [TestCase("empty", "caller")]
    [TestCase("7d9a3c1e-5b2f-4a61-9e8d-0c4b2a1f3e5d", "7d9a3c1e-5b2f-4a61-9e8d-0c4b2a1f3e5d")]
    public async Task CreateOrganizationService_UserArgument_ReachesNestedUserId(string user, string expected)
    {
        var entity = NewEntity();
        var child = NewEntity("child");
        var caller = Guid.NewGuid();
        Step("NestedCreator", "Create", entity, 20, "--config", $"{child};{user}");
        Step("ContextReporter", "Create", child, 20);
        var key = Host.Reg("user", "add", NewEntity("user"), "--id", caller.ToString()).GetProperty("key").GetString();
        await Host.WaitForRegistrationsAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/entities/{entity}") { Content = System.Net.Http.Json.JsonContent.Create(new { name = "x" }) };
        request.Headers.Authorization = new("Bearer", key);
        using var response = await Host.Http.SendAsync(request);
        var rows = await Host.TracesAsync(response.Headers.GetValues("X-Correlation-Id").Single());
        var nested = Fields(rows.Single(row => row.GetProperty("pluginType").GetString() == "TestPlugins.Pipeline.ContextReporter"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(nested["UserId"], Is.EqualTo(expected == "caller" ? caller.ToString() : expected));
            Assert.That(nested["InitiatingUserId"], Is.EqualTo(caller.ToString()));
        }
    }
}
