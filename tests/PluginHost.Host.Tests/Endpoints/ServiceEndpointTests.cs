using System.Net;

namespace PluginHost.Host.Tests.Endpoints;

/// <summary>IServiceEndpointNotificationService against a real webhook on loopback, posted by the host in both isolations.</summary>
[TestFixture("none")]
[TestFixture("sandbox")]
internal sealed class ServiceEndpointTests(string isolation) : HostTestBase(isolation)
{
    private const string Notifier = "TestPlugins.Endpoint.WebhookNotifier";

    private WebhookListener _webhook = null!;

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["PluginHost__ServiceEndpointTimeoutSeconds"] = "2",
    };

    [OneTimeSetUp]
    public void StartWebhook()
    {
        _webhook = new WebhookListener();
        Host.RegisterAssembly("Endpoint", Isolation);
    }

    [OneTimeTearDown]
    public async Task StopWebhookAsync() => await _webhook.DisposeAsync();

    [Test]
    public async Task Create_EndpointById_HostPostsTheContextAndPluginGetsTheBody()
    {
        var entity = NewEntity();
        var endpoint = RegisterEndpoint(entity, "/ok", "--auth-header", "Authorization: Bearer s3cret");
        Host.RegisterStep("--type", Notifier, "--message", "Create", "--entity", entity, "--stage", "20", "--config", endpoint);
        await Host.WaitForRegistrationsAsync();

        var (status, body, correlation) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "Contoso" });
        var posted = _webhook.Requests.Single(request => request.Body.GetProperty("primaryEntityName").GetString() == entity);
        var json = posted.Body;
        var target = json.GetProperty("inputParameters").GetProperty("Target");
        var record = (await RecordsAsync(entity)).Single();
        var trace = (await Host.TracesAsync(correlation)).Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body.ToString);
            Assert.That(posted.Method, Is.EqualTo("POST"));
            Assert.That(posted.ContentType, Does.StartWith("application/json"));
            Assert.That(posted.Headers["Authorization"], Is.EqualTo("Bearer s3cret"));
            Assert.That(posted.Headers["x-ms-correlation-request-id"], Is.EqualTo(correlation));
            Assert.That(json.GetProperty("messageName").GetString(), Is.EqualTo("Create"));
            Assert.That(json.GetProperty("stage").GetInt32(), Is.EqualTo(20));
            Assert.That(json.GetProperty("mode").GetInt32(), Is.Zero);
            Assert.That(json.GetProperty("depth").GetInt32(), Is.EqualTo(1));
            Assert.That(json.GetProperty("correlationId").GetString(), Is.EqualTo(correlation));
            Assert.That(json.GetProperty("operationId").GetGuid(), Is.Not.EqualTo(Guid.Empty));
            Assert.That(json.TryGetProperty("userId", out _) && json.TryGetProperty("initiatingUserId", out _), Is.True);
            Assert.That(target.GetProperty("@type").GetString(), Is.EqualTo("Entity"));
            Assert.That(target.GetProperty("logicalName").GetString(), Is.EqualTo(entity));
            Assert.That(target.GetProperty("attributes").GetProperty("name").GetString(), Is.EqualTo("Contoso"));
            Assert.That(json.GetProperty("sharedVariables").GetProperty("notifiedBy").GetString(), Is.EqualTo("WebhookNotifier"));
            Assert.That(json.GetProperty("preEntityImages").EnumerateObject(), Is.Empty);
            Assert.That(record.GetProperty("webhook_response").GetString(), Does.StartWith("accepted #"));
            Assert.That(trace.GetProperty("traceText").GetString(), Does.Contain("Webhook answered: accepted #"));
        }
    }

    [Test]
    public async Task Update_PostOperationWithImages_ImagesAndLogLineInThePost()
    {
        var entity = NewEntity();
        var endpoint = RegisterEndpoint(entity, "/ok");
        var id = await Host.CreateAsync(entity, new { name = "old", city = "Oslo" });
        var step = Host.RegisterStep("--type", Notifier, "--message", "Update", "--entity", entity, "--stage", "40", "--config", endpoint);
        Host.Reg("image", "register", "--step", step, "--kind", "both", "--alias", "image", "--attributes", "name");
        await Host.WaitForRegistrationsAsync();

        var (status, body, _) = await SendAsync(HttpMethod.Patch, $"/api/entities/{entity}/{id}", new { name = "new" });
        var json = _webhook.Requests.Single(request => request.Body.GetProperty("primaryEntityName").GetString() == entity).Body;
        var logged = await Host.LogLineAsync($"Posted Update of {entity} to service endpoint hook_{entity} ({_webhook.BaseUrl}/ok): 200 in ");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.NoContent).Or.EqualTo(HttpStatusCode.OK), body.ToString);
            Assert.That(json.GetProperty("messageName").GetString(), Is.EqualTo("Update"));
            Assert.That(json.GetProperty("stage").GetInt32(), Is.EqualTo(40));
            Assert.That(json.GetProperty("primaryEntityId").GetGuid(), Is.EqualTo(id));
            Assert.That(json.GetProperty("preEntityImages").GetProperty("image").GetProperty("attributes").GetProperty("name").GetString(), Is.EqualTo("old"));
            Assert.That(json.GetProperty("postEntityImages").GetProperty("image").GetProperty("attributes").GetProperty("name").GetString(), Is.EqualTo("new"));
            Assert.That(json.GetProperty("preEntityImages").GetProperty("image").GetProperty("attributes").TryGetProperty("city", out _), Is.False, "only the registered attributes");
            Assert.That(logged, Is.Not.Null, Host.Log);
        }
    }

    [Test]
    public async Task Create_EndpointByName_Posted()
    {
        var entity = NewEntity();
        RegisterEndpoint(entity, "/ok");
        Host.RegisterStep("--type", Notifier, "--message", "Create", "--entity", entity, "--stage", "40", "--config", $"hook_{entity}");
        await Host.WaitForRegistrationsAsync();

        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "by name" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body.ToString);
            Assert.That(_webhook.Requests.Count(request => request.Body.GetProperty("primaryEntityName").GetString() == entity), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Create_EndpointAnswers500_StepFailsWithTheStatusAndNothingStored()
    {
        var entity = NewEntity();
        var endpoint = RegisterEndpoint(entity, "/fail");
        Host.RegisterStep("--type", Notifier, "--message", "Create", "--entity", entity, "--stage", "20", "--config", endpoint);
        await Host.WaitForRegistrationsAsync();

        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });

        AssertError(status, body, HttpStatusCode.BadRequest, "PluginFailed");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(
                body.GetProperty("error").GetProperty("message").GetString(),
                Does.StartWith("Notifying the webhook failed: ").And.Contain($"'hook_{entity}'").And.Contain("answered 500").And.Contain("the webhook is broken"));
            Assert.That(await RecordsAsync(entity), Is.Empty);
        }
    }

    [Test]
    public async Task Create_EndpointPortClosed_StepFailsUnreachable()
    {
        var entity = NewEntity();
        var endpoint = RegisterEndpointAt($"http://127.0.0.1:{HostProcess.FreePort()}", entity, "/ok");
        Host.RegisterStep("--type", Notifier, "--message", "Create", "--entity", entity, "--stage", "20", "--config", endpoint);
        await Host.WaitForRegistrationsAsync();

        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });

        AssertError(status, body, HttpStatusCode.BadRequest, "PluginFailed");
        Assert.That(body.GetProperty("error").GetProperty("message").GetString(), Does.Contain($"'hook_{entity}'").And.Contain("could not be reached"));
    }

    [Test]
    public async Task Create_UnknownEndpointId_StepFailsNamingTheId()
    {
        var entity = NewEntity();
        var unknown = Guid.NewGuid().ToString();
        Host.RegisterStep("--type", Notifier, "--message", "Create", "--entity", entity, "--stage", "20", "--config", unknown);
        await Host.WaitForRegistrationsAsync();

        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });

        AssertError(status, body, HttpStatusCode.BadRequest, "PluginFailed");
        Assert.That(body.GetProperty("error").GetProperty("message").GetString(), Does.Contain($"No service endpoint has the id {unknown}").And.Contain("pluginreg endpoint register"));
    }

    [Test]
    public async Task Create_EndpointSlowerThanTimeout_StepFailsWithTimeout()
    {
        var entity = NewEntity();
        var endpoint = RegisterEndpoint(entity, "/hold");
        Host.RegisterStep("--type", Notifier, "--message", "Create", "--entity", entity, "--stage", "20", "--config", endpoint);
        await Host.WaitForRegistrationsAsync();

        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });

        AssertError(status, body, HttpStatusCode.BadRequest, "PluginFailed");
        Assert.That(body.GetProperty("error").GetProperty("message").GetString(), Does.Contain("did not answer within 2 s").And.Contain("ServiceEndpointTimeoutSeconds"));
    }

    [Test]
    public async Task AdminEndpoints_List_ShowsEndpointWithoutItsAuthHeader()
    {
        var entity = NewEntity();
        var endpoint = RegisterEndpoint(entity, "/ok", "--auth-header", "X-Api-Key: k3y-value");

        var (status, body) = await Host.SendAsync(HttpMethod.Get, "/api/admin/endpoints");
        var listed = body.EnumerateArray().Single(item => item.GetProperty("id").GetString() == endpoint);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(listed.GetProperty("name").GetString(), Is.EqualTo($"hook_{entity}"));
            Assert.That(listed.GetProperty("url").GetString(), Is.EqualTo($"{_webhook.BaseUrl}/ok"));
            Assert.That(listed.GetProperty("hasAuthHeader").GetBoolean(), Is.True);
            Assert.That(body.ToString(), Does.Not.Contain("k3y-value"));
        }
    }

    /// <summary>Registers <c>hook_&lt;entity&gt;</c> pointing at <paramref name="path"/> of the webhook; returns its id.</summary>
    private string RegisterEndpoint(string entity, string path, params string[] more) => RegisterEndpointAt(_webhook.BaseUrl, entity, path, more);

    private string RegisterEndpointAt(string baseUrl, string entity, string path, params string[] more) =>
        Host.Reg(["endpoint", "register", "--name", $"hook_{entity}", "--url", $"{baseUrl}{path}", .. more]).GetProperty("id").GetString()!;
}
