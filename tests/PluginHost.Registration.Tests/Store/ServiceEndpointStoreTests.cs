using Dapper;
using Microsoft.Data.Sqlite;
using PluginHost.Registration.Store;

namespace PluginHost.Registration.Tests.Store;

[TestFixture]
internal sealed class ServiceEndpointStoreTests
{
    private string _folder = "";
    private RegistrationStore _store = null!;

    [SetUp]
    public void OpenStore()
    {
        _folder = Directory.CreateTempSubdirectory("pluginhost-endpoints-").FullName;
        _store = new RegistrationStore(RegistrationDatabase.Open(Path.Combine(_folder, "registrations.db")));
    }

    [TearDown]
    public void DeleteFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void RegisterServiceEndpoint_WithAuthHeader_StoredApartAndReadableOnlyById()
    {
        var endpoint = _store.RegisterServiceEndpoint("audit_hook", "https://example.com/hook?x=1", "audits", "Authorization: Bearer s3cret");

        using var connection = _store.Database.OpenConnection();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(endpoint.HasAuthHeader, Is.True);
            Assert.That(endpoint.Url, Is.EqualTo("https://example.com/hook?x=1"));
            Assert.That(connection.ExecuteScalar<int>("SELECT COUNT(*) FROM service_endpoints WHERE url LIKE '%s3cret%' OR description LIKE '%s3cret%'"), Is.Zero);
            Assert.That(_store.ReadServiceEndpointAuthHeader(endpoint.Id), Is.EqualTo("Authorization: Bearer s3cret"));
            Assert.That(_store.ListServiceEndpoints().Single(), Is.EqualTo(endpoint));
        }
    }

    [Test]
    public void FindServiceEndpoint_ByIdThenByName_HostLookup()
    {
        var endpoint = _store.RegisterServiceEndpoint("audit_hook", "http://127.0.0.1:9/hook");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(_store.FindServiceEndpoint(endpoint.Id, null)?.Name, Is.EqualTo("audit_hook"));
            Assert.That(_store.FindServiceEndpoint(Guid.Empty, "AUDIT_HOOK")?.Id, Is.EqualTo(endpoint.Id), "names match case-insensitively");
            Assert.That(_store.FindServiceEndpoint(Guid.NewGuid(), null), Is.Null);
            Assert.That(_store.FindServiceEndpoint(Guid.NewGuid(), "other"), Is.Null);
        }
    }

    [Test]
    public void RegisterAndRemove_EachBumpTheRevisionAndRemoveTakesTheAuthHeader()
    {
        var start = _store.Database.ReadRevision();
        var endpoint = _store.RegisterServiceEndpoint("audit_hook", "http://localhost/hook", authHeader: "X-Key: 1");
        var registered = _store.Database.ReadRevision();

        _store.RemoveServiceEndpoint("audit_hook");

        using var connection = _store.Database.OpenConnection();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(registered, Is.GreaterThan(start));
            Assert.That(_store.Database.ReadRevision(), Is.GreaterThan(registered));
            Assert.That(_store.ListServiceEndpoints(), Is.Empty);
            Assert.That(connection.ExecuteScalar<int>("SELECT COUNT(*) FROM service_endpoint_secrets"), Is.Zero);
            Assert.That(_store.ReadServiceEndpointAuthHeader(endpoint.Id), Is.Null);
        }
    }

    [Test]
    public void RegisterServiceEndpoint_EveryRuleBroken_AllReportedAndNothingStored()
    {
        _store.RegisterServiceEndpoint("taken", "http://localhost/a");

        var exception = Assert.Throws<RegistrationException>(() => _store.RegisterServiceEndpoint("Taken", "ftp://example.com/x", authHeader: "no colon"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception!.Problems, Has.Count.EqualTo(3));
            Assert.That(exception.Problems, Has.Some.Contains("an endpoint named 'Taken' already exists"));
            Assert.That(exception.Problems, Has.Some.Contains("'ftp://example.com/x' is not an absolute http or https URL"));
            Assert.That(exception.Problems, Has.Some.Contains("has no value"));
            Assert.That(_store.ListServiceEndpoints(), Has.Count.EqualTo(1));
        }
    }

    [TestCase("relative/path", "not an absolute http or https URL")]
    [TestCase("https://user:pw@example.com/hook", "carries credentials")]
    [TestCase("mailto:someone@example.com", "not an absolute http or https URL")]
    public void UrlProblems_BadUrl_Named(string url, string expected) =>
        Assert.That(ServiceEndpointRules.UrlProblems(url), Has.Exactly(1).Contains(expected).And.None.Contains("pw@"));

    [TestCase("Authorization: Bearer x", true)]
    [TestCase("X-Api-Key:abc", true)]
    [TestCase("Bad Name: x", false)]
    [TestCase(": x", false)]
    [TestCase("Authorization: a\r\nX-Injected: b", false)]
    public void AuthHeaderProblems_Header_AcceptedOnlyWhenWellFormed(string header, bool accepted) =>
        Assert.That(ServiceEndpointRules.AuthHeaderProblems(header), accepted ? Is.Empty : Is.Not.Empty);
}
