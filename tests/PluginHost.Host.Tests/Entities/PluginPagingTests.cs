using System.Net;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Tests.Entities;

/// <summary>
/// What a plug-in's organization service does with the store's limits, in both isolations, on a host whose largest
/// page is 5: a query without paging gets the first page with MoreRecords and a cookie that leads to the rest, and a
/// double NaN is refused rather than stored.
/// </summary>
[TestFixture("none", DatabaseBackend.Sqlite)]
[TestFixture("none", DatabaseBackend.PostgreSql)]
[TestFixture("sandbox", DatabaseBackend.Sqlite)]
internal sealed class PluginPagingTests(string isolation, DatabaseBackend backend) : HostTestBase(isolation, backend)
{
    protected override IDictionary<string, string> Settings => new Dictionary<string, string> { ["PluginHost__MaxPageSize"] = "5" };

    [Test]
    public async Task RetrieveMultiple_NoPagingOverTheLargestPage_FirstPageThenTheRestByCookie()
    {
        var source = NewEntity("src");
        for (var index = 0; index < 12; index++)
        {
            await Host.CreateAsync(source, new { n = index });
        }

        var target = NewEntity();
        Step("PagingReader", "Create", target, 20, "--config", source);
        await Host.WaitForRegistrationsAsync();

        var id = await Host.CreateAsync(target, new { name = "reader" });
        var (_, record, _) = await SendAsync(HttpMethod.Get, $"/api/entities/{target}/{id}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(record.GetProperty("firstpage").GetInt32(), Is.EqualTo(5));
            Assert.That(record.GetProperty("firstmore").GetBoolean(), Is.True);
            Assert.That(record.GetProperty("pages").GetInt32(), Is.EqualTo(3));
            Assert.That(record.GetProperty("total").GetInt32(), Is.EqualTo(12));
            Assert.That(record.GetProperty("distinct").GetInt32(), Is.EqualTo(12));
        }
    }

    [Test]
    public async Task Create_PluginWritesADoubleNaN_400NamingTheAttributeAndNothingStored()
    {
        var written = NewEntity("nan");
        var target = NewEntity();
        Step("NonFiniteWriter", "Create", target, 20, "--config", written);
        await Host.WaitForRegistrationsAsync();

        var (status, error, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{target}", new { name = "x" });

        AssertError(status, error, HttpStatusCode.BadRequest, "BadRequest");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.GetProperty("error").GetProperty("message").GetString(), Does.Contain("'score'").And.Contain("NaN"));
            Assert.That(await RecordsAsync(target), Is.Empty);
            Assert.That(await RecordsAsync(written), Is.Empty);
        }
    }
}
