using System.Net;
using System.Text.Json;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Tests.Http;

[TestFixture("none", DatabaseBackend.Sqlite)]
[TestFixture("none", DatabaseBackend.PostgreSql)]
[TestFixture("sandbox", DatabaseBackend.Sqlite)]
internal sealed class HttpApiTests(string isolation, DatabaseBackend backend) : HostTestBase(isolation, backend)
{
    [Test]
    public async Task CreateRetrieve_TypedValues_RoundTripWithTheirTypes()
    {
        var entity = NewEntity();
        var reference = Guid.NewGuid();
        var body = $$"""
        {
          "name": "Contoso", "employees": 42, "big": 9000000000, "ratio": 1.50, "active": true, "nothing": null,
          "owner": {"@type":"EntityReference","logicalName":"systemuser","id":"{{reference}}"},
          "revenue": {"@type":"Money","value":1234.56},
          "category": {"@type":"OptionSetValue","value":3},
          "founded": {"@type":"DateTime","value":"2026-01-01T00:00:00Z"},
          "externalid": {"@type":"Guid","value":"{{reference}}"},
          "smalllong": {"@type":"Int64","value":7},
          "score": {"@type":"Double","value":0.25},
          "whole": {"@type":"Decimal","value":10},
          "tags": ["a", 1, true]
        }
        """;

        var (status, created, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", body);
        var id = created.GetProperty("id").GetString();
        var (_, record, _) = await SendAsync(HttpMethod.Get, $"/api/entities/{entity}/{id}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(record.GetProperty("id").GetString(), Is.EqualTo(id));
            Assert.That(record.GetProperty("name").GetString(), Is.EqualTo("Contoso"));
            Assert.That(record.GetProperty("employees").GetRawText(), Is.EqualTo("42"));
            Assert.That(record.GetProperty("big").GetRawText(), Is.EqualTo("9000000000"));
            Assert.That(record.GetProperty("ratio").GetRawText(), Is.EqualTo("1.50"));
            Assert.That(record.GetProperty("active").GetBoolean(), Is.True);
            Assert.That(record.GetProperty("nothing").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(record.GetProperty("owner").GetRawText(), Is.EqualTo($$"""{"@type":"EntityReference","logicalName":"systemuser","id":"{{reference}}"}"""));
            Assert.That(record.GetProperty("revenue").GetRawText(), Is.EqualTo("""{"@type":"Money","value":1234.56}"""));
            Assert.That(record.GetProperty("category").GetRawText(), Is.EqualTo("""{"@type":"OptionSetValue","value":3}"""));
            Assert.That(record.GetProperty("founded").GetRawText(), Is.EqualTo("""{"@type":"DateTime","value":"2026-01-01T00:00:00.0000000Z"}"""));
            Assert.That(record.GetProperty("externalid").GetRawText(), Is.EqualTo($$"""{"@type":"Guid","value":"{{reference}}"}"""));
            Assert.That(record.GetProperty("smalllong").GetRawText(), Is.EqualTo("""{"@type":"Int64","value":7}"""));
            Assert.That(record.GetProperty("score").GetRawText(), Is.EqualTo("""{"@type":"Double","value":0.25}"""));
            Assert.That(record.GetProperty("whole").GetRawText(), Is.EqualTo("""{"@type":"Decimal","value":10}"""));
            Assert.That(record.GetProperty("tags").GetRawText(), Is.EqualTo("""["a",1,true]"""));
        }
    }

    [Test]
    public async Task Retrieve_Columns_ReturnsOnlyThose()
    {
        var entity = NewEntity();
        var id = await Host.CreateAsync(entity, new { name = "a", city = "Oslo", size = 3 });

        var (_, record, _) = await SendAsync(HttpMethod.Get, $"/api/entities/{entity}/{id}?columns=name,size");

        Assert.That(record.EnumerateObject().Select(property => property.Name), Is.EqualTo(new[] { "id", "name", "size" }));
    }

    [Test]
    public async Task UpdateThenDelete_ChangeAndRemoveTheRecord()
    {
        var entity = NewEntity();
        var id = await Host.CreateAsync(entity, new { name = "a", city = "Oslo" });

        var (updateStatus, _, _) = await SendAsync(HttpMethod.Patch, $"/api/entities/{entity}/{id}", new { city = "Bergen" });
        var (_, updated, _) = await SendAsync(HttpMethod.Get, $"/api/entities/{entity}/{id}");
        var (deleteStatus, _, _) = await SendAsync(HttpMethod.Delete, $"/api/entities/{entity}/{id}");
        var (afterDelete, body, _) = await SendAsync(HttpMethod.Get, $"/api/entities/{entity}/{id}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(updateStatus, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(updated.GetProperty("city").GetString(), Is.EqualTo("Bergen"));
            Assert.That(updated.GetProperty("name").GetString(), Is.EqualTo("a"));
            Assert.That(deleteStatus, Is.EqualTo(HttpStatusCode.NoContent));
        }

        AssertError(afterDelete, body, HttpStatusCode.NotFound, "NotFound");
    }

    [Test]
    public async Task RetrieveMultiple_EqualityConditionsAndTop_FilterTypedValues()
    {
        var entity = NewEntity();
        await Host.CreateAsync(entity, new { city = "Oslo", size = 3, active = true });
        await Host.CreateAsync(entity, new { city = "oslo", size = 4, active = true });
        await Host.CreateAsync(entity, new { city = "Bergen", size = 3, active = false });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await RecordsAsync(entity, "?city=Oslo"), Has.Count.EqualTo(2), "string equality ignores case, as Dataverse does");
            Assert.That(await RecordsAsync(entity, "?size=3"), Has.Count.EqualTo(2));
            Assert.That(await RecordsAsync(entity, "?size=3&active=true"), Has.Count.EqualTo(1));
            Assert.That(await RecordsAsync(entity, "?top=2"), Has.Count.EqualTo(2));
            Assert.That(await RecordsAsync(entity, "?city=Trondheim"), Is.Empty);
            Assert.That((await RecordsAsync(entity, "?columns=size&size=4")).Single().EnumerateObject().Select(property => property.Name), Is.EqualTo(new[] { "id", "size" }));
        }
    }

    [TestCase("POST", "/api/entities/{e}", "{not json", HttpStatusCode.BadRequest, "BadRequest")]
    [TestCase("POST", "/api/entities/{e}", "[1,2]", HttpStatusCode.BadRequest, "BadRequest")]
    [TestCase("POST", "/api/entities/{e}", "", HttpStatusCode.BadRequest, "BadRequest")]
    [TestCase("POST", "/api/entities/{e}", "{\"x\":{\"a\":1}}", HttpStatusCode.BadRequest, "BadRequest")]
    [TestCase("POST", "/api/entities/{e}", "{\"x\":{\"@type\":\"Banana\"}}", HttpStatusCode.BadRequest, "BadRequest")]
    [TestCase("POST", "/api/entities/{e}", "{\"x\":{\"@type\":\"Guid\",\"value\":\"nope\"}}", HttpStatusCode.BadRequest, "BadRequest")]
    [TestCase("POST", "/api/entities/{e}", "{\"x\":{\"@type\":\"Money\"}}", HttpStatusCode.BadRequest, "BadRequest")]
    [TestCase("POST", "/api/entities/{e}", "{\"bad name\":1}", HttpStatusCode.BadRequest, "BadRequest")]
    [TestCase("POST", "/api/entities/bad-name!", "{\"x\":1}", HttpStatusCode.BadRequest, "BadRequest")]
    [TestCase("GET", "/api/entities/{e}/not-a-guid", null, HttpStatusCode.BadRequest, "BadRequest")]
    [TestCase("GET", "/api/entities/{e}/6f1d1b9e-0000-4000-8000-000000000001", null, HttpStatusCode.NotFound, "NotFound")]
    [TestCase("PATCH", "/api/entities/{e}/6f1d1b9e-0000-4000-8000-000000000001", "{\"x\":1}", HttpStatusCode.NotFound, "NotFound")]
    [TestCase("PATCH", "/api/entities/{e}/not-a-guid", "{\"x\":1}", HttpStatusCode.BadRequest, "BadRequest")]
    [TestCase("DELETE", "/api/entities/{e}/6f1d1b9e-0000-4000-8000-000000000001", null, HttpStatusCode.NotFound, "NotFound")]
    [TestCase("GET", "/api/entities/{e}?top=0", null, HttpStatusCode.BadRequest, "BadRequest")]
    [TestCase("GET", "/api/entities/{e}?bad%20name=1", null, HttpStatusCode.BadRequest, "BadRequest")]
    [TestCase("POST", "/api/messages/NoSuchMessage", "{}", HttpStatusCode.NotFound, "NotFound")]
    [TestCase("GET", "/api/admin/traces?correlationId=nope", null, HttpStatusCode.BadRequest, "BadRequest")]
    [TestCase("POST", "/api/admin/steps/6f1d1b9e-0000-4000-8000-000000000001/disable", null, HttpStatusCode.NotFound, "NotFound")]
    public async Task BadInput_AnsweredWithErrorJsonNeverA500(string method, string path, string? body, HttpStatusCode expectedStatus, string expectedCode)
    {
        var entity = NewEntity();
        var before = await RecordsAsync(entity);

        var (status, error, _) = await SendAsync(new HttpMethod(method), path.Replace("{e}", entity, StringComparison.Ordinal), body);

        AssertError(status, error, expectedStatus, expectedCode);
        Assert.That(await RecordsAsync(entity), Has.Count.EqualTo(before.Count));
    }

    [Test]
    public async Task CustomMessage_MainOperationPlugin_ReturnsItsOutputParameters()
    {
        Host.Reg("message", "register", "test_Echo");
        Host.RegisterStep("--type", "TestPlugins.Pipeline.EchoOperation", "--message", "test_Echo", "--stage", "mainoperation");
        Host.RegisterStep("--type", "TestPlugins.Pipeline.OrderRecorder", "--message", "test_Echo", "--stage", "postoperation", "--config", "after-main");
        await Host.WaitForRegistrationsAsync();

        var (status, output, _) = await SendAsync(HttpMethod.Post, "/api/messages/test_Echo", """{"text":"hello","count":2}""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), output.ToString);
            Assert.That(output.GetProperty("echo").GetString(), Is.EqualTo("hello hello"));
            Assert.That(output.GetProperty("depth").GetInt32(), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Health_Answers200()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, "/health");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        }
    }

    [Test]
    public async Task AdminListings_ShowAssembliesAndSteps()
    {
        var entity = NewEntity();
        var stepId = Step("OrderRecorder", "Create", entity, 20, "--config", "listed");

        var (assembliesStatus, assemblies, _) = await SendAsync(HttpMethod.Get, "/api/admin/assemblies");
        var (stepsStatus, steps, _) = await SendAsync(HttpMethod.Get, "/api/admin/steps");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(assembliesStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(assemblies.EnumerateArray().Select(a => a.GetProperty("name").GetString()), Does.Contain("TestPlugins.Pipeline"));
            Assert.That(stepsStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(steps.EnumerateArray().Select(s => s.GetProperty("id").GetString()), Does.Contain(stepId));
        }
    }

    [Test]
    public async Task Stats_CountExecutionsAndFailuresPerPluginType()
    {
        var entity = NewEntity();
        Step("Crasher", "Create", entity, 20);
        await Host.WaitForRegistrationsAsync();
        await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });
        await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "y" });

        var (_, stats, _) = await SendAsync(HttpMethod.Get, "/api/admin/stats");
        var crasher = stats.GetProperty("plugins").EnumerateArray().Single(p => p.GetProperty("pluginType").GetString() == "TestPlugins.Pipeline.Crasher");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(crasher.GetProperty("executions").GetInt64(), Is.GreaterThanOrEqualTo(2));
            Assert.That(crasher.GetProperty("failures").GetInt64(), Is.EqualTo(crasher.GetProperty("executions").GetInt64()));
            Assert.That(crasher.GetProperty("p95Ms").GetDouble(), Is.GreaterThanOrEqualTo(0));
        }
    }
}
