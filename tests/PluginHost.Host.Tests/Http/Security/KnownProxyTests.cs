using System.Net;

namespace PluginHost.Host.Tests.Http.Security;

/// <summary>
/// KnownProxies=127.0.0.1 in Loopback mode, as behind a reverse proxy on the same machine: forwarded headers from it
/// are believed, so a remote client behind it needs a key, and the Host filter sees the name the client used.
/// </summary>
[TestFixture]
internal sealed class KnownProxyTests : SecurityTestBase
{
    protected override IDictionary<string, string> ModeSettings => new Dictionary<string, string> { ["PluginHost__KnownProxies"] = "127.0.0.1, ::1" };

    [TestCase("203.0.113.5")]
    [TestCase("127.0.0.1, 203.0.113.5")]
    public async Task RemoteClientBehindTheProxy_NeedsAKey(string forwardedFor)
    {
        var (id, _, key) = await AddUserAsync();
        void Forwarded(HttpRequestMessage request) => request.Headers.Add("X-Forwarded-For", forwardedFor);

        var keyless = await CreateAsync(key: null, Forwarded);
        var keylessAdmin = await CallAsync(HttpMethod.Get, "/api/admin/stats", configure: Forwarded);
        var withKey = await CreateAsync(key, Forwarded);
        var adminWithKey = await CallAsync(HttpMethod.Get, "/api/admin/stats", AdminKey, configure: Forwarded);

        AssertRefused(keyless, HttpStatusCode.Unauthorized, "Unauthorized", "only loopback callers may call without a key");
        AssertRefused(keylessAdmin, HttpStatusCode.Unauthorized, "Unauthorized", "admin endpoints need");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(withKey.Status, Is.EqualTo(HttpStatusCode.Created), withKey.ToString);
            Assert.That((await ReportedAsync(withKey.CorrelationId))["UserId"], Is.EqualTo(id.ToString()));
            Assert.That(adminWithKey.Status, Is.EqualTo(HttpStatusCode.OK), adminWithKey.ToString);
        }
    }

    [Test]
    public async Task LocalCallerWithoutForwardedHeaders_StillTheSystemUser()
    {
        var reply = await CreateAsync(key: null);

        Assert.That(reply.Status, Is.EqualTo(HttpStatusCode.Created), reply.ToString);
    }

    [TestCase("evil.example", HttpStatusCode.BadRequest)]
    [TestCase("localhost", HttpStatusCode.OK)]
    public async Task ForwardedHost_IsWhatTheHostFilterChecks(string forwardedHost, HttpStatusCode expected)
    {
        var reply = await CallAsync(HttpMethod.Get, "/health", configure: request => request.Headers.Add("X-Forwarded-Host", forwardedHost));

        Assert.That(reply.Status, Is.EqualTo(expected), reply.ToString);
    }
}
