using System.Net;

namespace PluginHost.Host.Tests.Http.Security;

/// <summary>
/// Auth:Mode Required: every caller of /api needs a key, loopback ones too. A user's key makes that user the context's
/// UserId and InitiatingUserId; impersonation needs the privilege; the admin endpoints need the admin key.
/// </summary>
[TestFixture]
internal sealed class RequiredModeTests : SecurityTestBase
{
    /// <summary>A user's key, for counting what was written.</summary>
    private string _readerKey = "";

    protected override IDictionary<string, string> ModeSettings => new Dictionary<string, string> { ["PluginHost__Auth__Mode"] = "Required" };

    [OneTimeSetUp]
    public async Task AddReaderAsync() => _readerKey = (await AddUserAsync()).Key;

    [TestCase("GET", "/api/entities/{e}")]
    [TestCase("POST", "/api/entities/{e}")]
    [TestCase("DELETE", "/api/entities/{e}/6f1d1b9e-0000-4000-8000-000000000001")]
    [TestCase("POST", "/api/messages/WhoAmI")]
    [TestCase("GET", "/api/nothing/here")]
    public async Task NoKey_EvenFromLoopback_401WithBearerChallengeAndNothingWritten(string method, string path)
    {
        var entity = NewEntity();

        var reply = await CallAsync(new HttpMethod(method), path.Replace("{e}", entity, StringComparison.Ordinal), body: method == "POST" ? new { name = "x" } : null);

        AssertRefused(reply, HttpStatusCode.Unauthorized, "Unauthorized", "this request needs an API key");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reply.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer realm=\"PluginHost\""));
            Assert.That(reply.ErrorMessage, Does.Contain("every caller needs a key"));
            Assert.That(await RecordCountAsync(entity, _readerKey), Is.Zero);
        }
    }

    [TestCase("Bearer phk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "the API key is not valid")]
    [TestCase("Bearer ", "must be one 'Bearer <key>'")]
    [TestCase("Basic dXNlcjpwYXNz", "must be one 'Bearer <key>'")]
    public async Task WrongKey_401InvalidToken(string authorization, string expected)
    {
        var reply = await CreateAsync(key: null, request => request.Headers.TryAddWithoutValidation("Authorization", authorization));

        AssertRefused(reply, HttpStatusCode.Unauthorized, "Unauthorized", expected);
        Assert.That(reply.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer realm=\"PluginHost\", error=\"invalid_token\""));
    }

    [Test]
    public async Task UserKey_PluginSeesTheUserAsUserIdAndInitiatingUserId()
    {
        var (id, _, key) = await AddUserAsync();

        var reply = await CreateAsync(key);
        var seen = await ReportedAsync(reply.CorrelationId);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.Created), reply.ToString);
            Assert.That(seen["UserId"], Is.EqualTo(id.ToString()));
            Assert.That(seen["InitiatingUserId"], Is.EqualTo(id.ToString()));
        }
    }

    [Test]
    public async Task Impersonation_UserWithThePrivilege_UserIdIsTheOtherInitiatingUserIdTheCaller()
    {
        var (id, _, key) = await AddUserAsync("--impersonate");
        var other = Guid.NewGuid();

        var reply = await CreateAsync(key, request => request.Headers.Add("X-PluginHost-UserId", other.ToString()));
        var seen = await ReportedAsync(reply.CorrelationId);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.Created), reply.ToString);
            Assert.That(seen["UserId"], Is.EqualTo(other.ToString()));
            Assert.That(seen["InitiatingUserId"], Is.EqualTo(id.ToString()));
        }
    }

    [Test]
    public async Task Impersonation_OfTheSystemUserEvenWithThePrivilege_403AndNothingWritten()
    {
        var (_, name, key) = await AddUserAsync("--impersonate");
        var before = await RecordCountAsync(Entity, key);

        var reply = await CreateAsync(key, request => request.Headers.Add("X-PluginHost-UserId", Guid.Empty.ToString()));

        AssertRefused(reply, HttpStatusCode.Forbidden, "Forbidden", $"user '{name}' may not act as the system user");
        Assert.That(await RecordCountAsync(Entity, key), Is.EqualTo(before));
    }

    [Test]
    public async Task Impersonation_UserWithoutThePrivilege_403AndNothingWritten()
    {
        var (id, name, key) = await AddUserAsync();
        var before = await RecordCountAsync(Entity, key);

        var reply = await CreateAsync(key, request => request.Headers.Add("X-PluginHost-UserId", Guid.NewGuid().ToString()));
        var ownId = await CreateAsync(key, request => request.Headers.Add("X-PluginHost-UserId", id.ToString()));

        AssertRefused(reply, HttpStatusCode.Forbidden, "Forbidden", $"user '{name}' may not act as another user");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ownId.Status, Is.EqualTo(HttpStatusCode.Created), "naming oneself is not impersonation");
            Assert.That(await RecordCountAsync(Entity, key), Is.EqualTo(before + 1), "only the request naming its own user wrote");
        }
    }

    [Test]
    public async Task RemoveAndResetKey_OldKeysStopWorkingAtTheNextPoll()
    {
        var (_, removedName, removedKey) = await AddUserAsync();
        var (_, resetName, oldKey) = await AddUserAsync();
        Assert.That((await CreateAsync(removedKey)).Status, Is.EqualTo(HttpStatusCode.Created));

        Host.Reg("user", "remove", removedName);
        var newKey = Host.Reg("user", "reset-key", resetName).GetProperty("key").GetString()!;
        await Host.WaitForRegistrationsAsync();

        AssertRefused(await CreateAsync(removedKey), HttpStatusCode.Unauthorized, "Unauthorized", "the API key is not valid");
        AssertRefused(await CreateAsync(oldKey), HttpStatusCode.Unauthorized, "Unauthorized", "the API key is not valid");
        Assert.That((await CreateAsync(newKey)).Status, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task AdminEndpoints_OnlyTheAdminKeyOpensThem()
    {
        var (_, name, userKey) = await AddUserAsync("--impersonate");

        var noKey = await CallAsync(HttpMethod.Get, "/api/admin/stats");
        var withUserKey = await CallAsync(HttpMethod.Get, "/api/admin/stats", userKey);
        var withAdminKey = await CallAsync(HttpMethod.Get, "/api/admin/stats", AdminKey);
        var disable = await CallAsync(HttpMethod.Post, "/api/admin/steps/6f1d1b9e-0000-4000-8000-000000000001/disable", userKey);

        AssertRefused(noKey, HttpStatusCode.Unauthorized, "Unauthorized", "admin endpoints need 'Authorization: Bearer <PLUGINHOST_ADMIN_KEY>'");
        AssertRefused(withUserKey, HttpStatusCode.Forbidden, "Forbidden", $"user '{name}' may not use the admin endpoints");
        AssertRefused(disable, HttpStatusCode.Forbidden, "Forbidden");
        Assert.That(withAdminKey.Status, Is.EqualTo(HttpStatusCode.OK), withAdminKey.ToString);
    }

    [Test]
    public async Task AdminKey_OnTheEntityEndpoints_403()
    {
        var reply = await CreateAsync(AdminKey);

        AssertRefused(reply, HttpStatusCode.Forbidden, "Forbidden", "the admin key opens the admin endpoints only");
    }

    [Test]
    public async Task Health_StaysOpenWithoutAKeyAndWithAWrongOne()
    {
        var open = await CallAsync(HttpMethod.Get, "/health");
        var wrongKey = await CallAsync(HttpMethod.Get, "/health", "phk_wrong");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(open.Status, Is.EqualTo(HttpStatusCode.OK), open.ToString);
            Assert.That(open.Body.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
            Assert.That(wrongKey.Status, Is.EqualTo(HttpStatusCode.OK), wrongKey.ToString);
        }
    }

    private async Task<int> RecordCountAsync(string entity, string key)
    {
        var list = await CallAsync(HttpMethod.Get, $"/api/entities/{entity}", key);
        Assert.That(list.Status, Is.EqualTo(HttpStatusCode.OK), list.ToString);
        return list.Body.GetProperty("value").GetArrayLength();
    }
}
