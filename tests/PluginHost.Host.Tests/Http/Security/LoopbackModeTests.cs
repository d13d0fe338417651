using System.Net;
using System.Text;

namespace PluginHost.Host.Tests.Http.Security;

/// <summary>
/// Auth:Mode Loopback (the default), no KnownProxies: a loopback caller without a key is the system user, who may
/// impersonate and use the admin endpoints; a presented key must be valid and makes its user the caller. Also the
/// rules that hold in every mode: Host filter, JSON-only bodies, no cross-site requests.
/// </summary>
[TestFixture]
internal sealed class LoopbackModeTests : SecurityTestBase
{
    private static readonly string SystemUser = Guid.Empty.ToString();

    [Test]
    public async Task NoKeyFromLoopback_ActsAsTheSystemUser()
    {
        var reply = await CreateAsync(key: null);
        var seen = await ReportedAsync(reply.CorrelationId);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.Created), reply.ToString);
            Assert.That(seen["UserId"], Is.EqualTo(SystemUser));
            Assert.That(seen["InitiatingUserId"], Is.EqualTo(SystemUser));
        }
    }

    [Test]
    public async Task NoKeyFromLoopback_ImpersonatesAsTheSystemUserMay()
    {
        var other = Guid.NewGuid();

        var reply = await CreateAsync(key: null, request => request.Headers.Add("X-PluginHost-UserId", other.ToString()));
        var seen = await ReportedAsync(reply.CorrelationId);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.Created), reply.ToString);
            Assert.That(seen["UserId"], Is.EqualTo(other.ToString()));
            Assert.That(seen["InitiatingUserId"], Is.EqualTo(SystemUser));
        }
    }

    [Test]
    public async Task UserKeyFromLoopback_ActsAsThatUserWithoutItsPrivileges()
    {
        var (id, name, key) = await AddUserAsync();

        var reply = await CreateAsync(key);
        var seen = await ReportedAsync(reply.CorrelationId);
        var impersonating = await CreateAsync(key, request => request.Headers.Add("X-PluginHost-UserId", Guid.NewGuid().ToString()));
        var admin = await CallAsync(HttpMethod.Get, "/api/admin/steps", key);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.Created), reply.ToString);
            Assert.That(seen["UserId"], Is.EqualTo(id.ToString()));
            Assert.That(seen["InitiatingUserId"], Is.EqualTo(id.ToString()));
        }

        AssertRefused(impersonating, HttpStatusCode.Forbidden, "Forbidden", $"user '{name}' may not act as another user");
        AssertRefused(admin, HttpStatusCode.Forbidden, "Forbidden", "a user key does not open them");
    }

    [Test]
    public async Task WrongKeyFromLoopback_401NotTheSystemUser()
    {
        var reply = await CreateAsync("phk_not-a-key");

        AssertRefused(reply, HttpStatusCode.Unauthorized, "Unauthorized", "the API key is not valid");
    }

    [Test]
    public async Task AdminEndpoints_LoopbackWithoutKeyAndTheAdminKeyOpenThem()
    {
        var loopback = await CallAsync(HttpMethod.Get, "/api/admin/stats");
        var adminKey = await CallAsync(HttpMethod.Get, "/api/admin/stats", AdminKey);
        var wrongKey = await CallAsync(HttpMethod.Get, "/api/admin/stats", "not-the-admin-key");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(loopback.Status, Is.EqualTo(HttpStatusCode.OK), loopback.ToString);
            Assert.That(adminKey.Status, Is.EqualTo(HttpStatusCode.OK), adminKey.ToString);
        }

        AssertRefused(wrongKey, HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Test]
    public async Task ForwardedForWithoutKnownProxies_IgnoredTheSocketAddressCountsAndAWarningIsLogged()
    {
        var reply = await CreateAsync(key: null, request => request.Headers.Add("X-Forwarded-For", "203.0.113.5"));
        var seen = await ReportedAsync(reply.CorrelationId);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.Created), reply.ToString);
            Assert.That(seen["UserId"], Is.EqualTo(SystemUser));
            Assert.That(await Host.LogLineAsync("PluginHost:KnownProxies is not set"), Does.Contain("WARN"));
        }
    }

    [TestCase("evil.example")]
    [TestCase("127.0.0.1.nip.io")]
    [TestCase("localhost.evil.example")]
    public async Task HostHeader_NotAnAllowedHost_400NamingItAndNothingRuns(string host)
    {
        var reply = await CreateAsync(key: null, request => request.Headers.Host = $"{host}:{Host.BaseAddress.Port}");
        var health = await CallAsync(HttpMethod.Get, "/health", configure: request => request.Headers.Host = host);

        AssertRefused(reply, HttpStatusCode.BadRequest, "BadRequest", $"the Host header '{host}:{Host.BaseAddress.Port}' names no host this service answers to");
        AssertRefused(health, HttpStatusCode.BadRequest, "BadRequest", host);
    }

    [TestCase("localhost")]
    [TestCase("127.0.0.1")]
    [TestCase("LOCALHOST")]
    public async Task HostHeader_LocalNames_Answered(string host)
    {
        var reply = await CallAsync(HttpMethod.Get, $"/api/entities/{Entity}", configure: request => request.Headers.Host = $"{host}:{Host.BaseAddress.Port}");

        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.ToString);
    }

    [TestCase("application/x-www-form-urlencoded", "name=x")]
    [TestCase("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nx\r\n--b--\r\n")]
    [TestCase("text/plain", "{\"name\":\"x\"}")]
    [TestCase("application/json; charset=iso-8859-1", "{\"name\":\"x\"}")]
    [TestCase(null, "{\"name\":\"x\"}")]
    public async Task Body_NotJson_415AndNothingWritten(string? contentType, string body)
    {
        var entity = NewEntity();

        var reply = await CallAsync(HttpMethod.Post, $"/api/entities/{entity}", configure: request =>
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        });
        var patch = await CallAsync(HttpMethod.Patch, $"/api/entities/{entity}/6f1d1b9e-0000-4000-8000-000000000001", configure: request =>
            request.Content = new StringContent(body, Encoding.UTF8, "text/plain"));

        AssertRefused(reply, HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType", contentType is null ? "no Content-Type" : "");
        AssertRefused(patch, HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType", "'text/plain; charset=utf-8'");
        Assert.That(await RecordsAsync(entity), Is.Empty);
    }

    [Test]
    public async Task Body_JsonWithCharsetOrEmptyWithoutType_Accepted()
    {
        var json = await CallAsync(HttpMethod.Post, $"/api/entities/{Entity}", configure: request =>
            request.Content = new StringContent("{\"name\":\"x\"}", Encoding.UTF8, "application/json"));
        var emptyMessage = await CallAsync(HttpMethod.Post, "/api/messages/WhoAmI");
        var emptyAdminPost = await CallAsync(HttpMethod.Post, "/api/admin/steps/6f1d1b9e-0000-4000-8000-000000000001/disable");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(json.Status, Is.EqualTo(HttpStatusCode.Created), json.ToString);
            Assert.That(emptyMessage.Status, Is.EqualTo(HttpStatusCode.OK), emptyMessage.ToString);
            Assert.That(emptyAdminPost.ErrorCode, Is.EqualTo("NotFound"), "past the body rule, to the step lookup");
        }
    }

    [TestCase("Origin", "http://evil.example")]
    [TestCase("Origin", "null")]
    [TestCase("Sec-Fetch-Site", "cross-site")]
    [TestCase("Sec-Fetch-Site", "same-site")]
    public async Task BrowserRequestFromAnotherSite_403AndNothingRuns(string header, string value)
    {
        var entity = NewEntity();

        var post = await CallAsync(HttpMethod.Post, "/api/messages/WhoAmI", configure: request => request.Headers.Add(header, value));
        var create = await CallAsync(HttpMethod.Post, $"/api/entities/{entity}", body: new { name = "x" }, configure: request => request.Headers.Add(header, value));

        AssertRefused(post, HttpStatusCode.Forbidden, "Forbidden", "this API serves programs, not pages");
        AssertRefused(create, HttpStatusCode.Forbidden, "Forbidden", value);
        Assert.That(await RecordsAsync(entity), Is.Empty);
    }

    [Test]
    public async Task BrowserRequestFromItsOwnOrigin_Answered()
    {
        var reply = await CallAsync(HttpMethod.Post, "/api/messages/WhoAmI", configure: request =>
        {
            request.Headers.Add("Origin", $"http://127.0.0.1:{Host.BaseAddress.Port}");
            request.Headers.Add("Sec-Fetch-Site", "same-origin");
        });

        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.OK), reply.ToString);
    }
}
