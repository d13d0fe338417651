using Dapper;
using PluginHost.Registration.Store;

namespace PluginHost.Registration.Tests.Store;

[TestFixture(DatabaseBackend.Sqlite)]
[TestFixture(DatabaseBackend.PostgreSql)]
internal sealed class ServiceEndpointStoreTests(DatabaseBackend backend) : StoreTestBase(backend)
{
    [Test]
    public void RegisterServiceEndpoint_WithAuthHeader_StoredApartAndReadableOnlyById()
    {
        var endpoint = Store.RegisterServiceEndpoint("audit_hook", "https://example.com/hook?x=1", "audits", "Authorization: Bearer s3cret");

        using var connection = Store.Database.OpenDbConnection();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(endpoint.HasAuthHeader, Is.True);
            Assert.That(endpoint.Url, Is.EqualTo("https://example.com/hook?x=1"));
            Assert.That(connection.ExecuteScalar<int>("SELECT COUNT(*) FROM service_endpoints WHERE url LIKE '%s3cret%' OR description LIKE '%s3cret%'"), Is.Zero);
            Assert.That(Store.ReadServiceEndpointAuthHeader(endpoint.Id), Is.EqualTo("Authorization: Bearer s3cret"));
            Assert.That(Store.ListServiceEndpoints().Single(), Is.EqualTo(endpoint));
        }
    }

    [Test]
    public void FindServiceEndpoint_ByIdThenByName_HostLookup()
    {
        var endpoint = Store.RegisterServiceEndpoint("audit_hook", "http://127.0.0.1:9/hook");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Store.FindServiceEndpoint(endpoint.Id, null)?.Name, Is.EqualTo("audit_hook"));
            Assert.That(Store.FindServiceEndpoint(Guid.Empty, "AUDIT_HOOK")?.Id, Is.EqualTo(endpoint.Id), "names match case-insensitively");
            Assert.That(Store.FindServiceEndpoint(Guid.NewGuid(), null), Is.Null);
            Assert.That(Store.FindServiceEndpoint(Guid.NewGuid(), "other"), Is.Null);
        }
    }

    [Test]
    public void RegisterAndRemove_EachBumpTheRevisionAndRemoveTakesTheAuthHeader()
    {
        var start = Store.Database.ReadRevision();
        var endpoint = Store.RegisterServiceEndpoint("audit_hook", "http://localhost/hook", authHeader: "X-Key: 1");
        var registered = Store.Database.ReadRevision();

        Store.RemoveServiceEndpoint("audit_hook");

        using var connection = Store.Database.OpenDbConnection();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(registered, Is.GreaterThan(start));
            Assert.That(Store.Database.ReadRevision(), Is.GreaterThan(registered));
            Assert.That(Store.ListServiceEndpoints(), Is.Empty);
            Assert.That(connection.ExecuteScalar<int>("SELECT COUNT(*) FROM service_endpoint_secrets"), Is.Zero);
            Assert.That(Store.ReadServiceEndpointAuthHeader(endpoint.Id), Is.Null);
        }
    }

    [Test]
    public void RegisterServiceEndpoint_EveryRuleBroken_AllReportedAndNothingStored()
    {
        Store.RegisterServiceEndpoint("taken", "http://localhost/a");

        var exception = Assert.Throws<RegistrationException>(() => Store.RegisterServiceEndpoint("Taken", "ftp://example.com/x", authHeader: "no colon"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exception!.Problems, Has.Count.EqualTo(3));
            Assert.That(exception.Problems, Has.Some.Contains("an endpoint named 'Taken' already exists"));
            Assert.That(exception.Problems, Has.Some.Contains("'ftp://example.com/x' is not an absolute http or https URL"));
            Assert.That(exception.Problems, Has.Some.Contains("has no value"));
            Assert.That(Store.ListServiceEndpoints(), Has.Count.EqualTo(1));
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
