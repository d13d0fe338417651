using System.Net;
using System.Net.Http.Json;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Tests.Entities;

/// <summary>Plug-ins written in the Dataverse idiom query the store with FetchXML and QueryExpression, in both isolations.</summary>
[TestFixture("none", DatabaseBackend.Sqlite)]
[TestFixture("none", DatabaseBackend.PostgreSql)]
[TestFixture("sandbox", DatabaseBackend.Sqlite)]
internal sealed class FetchPluginTests(string isolation, DatabaseBackend backend) : HostTestBase(isolation, backend)
{
    [OneTimeSetUp]
    public void RegisterFetchPlugins() => Host.RegisterAssembly("Fetch", Isolation);

    [Test]
    public async Task RetrieveMultiple_ContactQueries_AnswerAsDataverseWould()
    {
        var (account, contact, trigger) = (NewEntity("acct"), NewEntity("contact"), NewEntity("t"));
        var user = Guid.NewGuid();
        Host.RegisterStep("--type", "TestPlugins.Fetch.ContactQueries", "--message", "Create", "--entity", trigger, "--stage", "40", "--config", $"account={account};contact={contact}");
        await Host.WaitForRegistrationsAsync();
        var contoso = await Host.CreateAsync(account, new { name = "Contoso", revenue = new Dictionary<string, object> { ["@type"] = "Money", ["value"] = 5000 } });
        var fabrikam = await Host.CreateAsync(account, new { name = "Fabrikam", revenue = new Dictionary<string, object> { ["@type"] = "Money", ["value"] = 500 } });
        await Host.CreateAsync(contact, new { fullname = "Eve", parentcustomerid = Reference(account, contoso) });
        await Host.CreateAsync(contact, new { fullname = "Ann", parentcustomerid = Reference(account, contoso), ownerid = Reference("systemuser", user) });
        await Host.CreateAsync(contact, new { fullname = "Dee" });
        await Host.CreateAsync(contact, new { fullname = "Cid", parentcustomerid = Reference(account, fabrikam) });
        await Host.CreateAsync(contact, new { fullname = "Bob", parentcustomerid = Reference(account, contoso) });

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/entities/{trigger}") { Content = JsonContent.Create(new { name = "go" }) };
        request.Headers.Add("X-PluginHost-UserId", user.ToString());
        using var response = await Host.Http.SendAsync(request);
        var fields = Fields((await Host.TracesAsync(response.Headers.GetValues("X-Correlation-Id").Single())).Single());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
            Assert.That(fields["Contacts"], Is.EqualTo("Ann|Contoso;Bob|Contoso;Cid|Fabrikam;Dee|;Eve|Contoso"), "outer link, aliased column, order");
            Assert.That(fields["Top"], Is.EqualTo("Eve,Bob"), "link filter, descending order, top");
            Assert.That(fields["PerAccount"], Is.EqualTo("Contoso:3;Fabrikam:1"), "count aggregate grouped by a linked column");
            Assert.That(fields["Mine"], Is.EqualTo("Ann"), "EqualUserId compares with the calling user");
            Assert.That(fields["OfContoso"], Is.EqualTo("Ann,Bob,Eve"), "condition on a link alias");
            Assert.That(fields["Pages"], Is.EqualTo("Ann,Bob|Cid,Dee|Eve of 5"), "QueryExpression paging with the cookie");
            Assert.That(fields["FetchPages"], Is.EqualTo("Ann,Bob,Cid|Dee,Eve"), "FetchXML paging with the cookie");
        }
    }

    [TestCase("<fetch><entity name='x'><filter><condition attribute='name' operator='sounds-like' value='a' /></filter></entity></fetch>", "sounds-like")]
    [TestCase("<fetch><entity name='x'><filter><condition attribute='owningbusinessunit' operator='eq-businessid' /></filter></entity></fetch>", "EqualBusinessId")]
    [TestCase("<fetch><entity name='x'><attribute name='name' /><unknown /></entity></fetch>", "<unknown>")]
    [TestCase("<fetch><entity name='x'>", "not well-formed")]
    public async Task RetrieveMultiple_UnsupportedFetchXml_ClearErrorReachesTheCaller(string fetchXml, string named)
    {
        var trigger = NewEntity("bad");
        Host.RegisterStep("--type", "TestPlugins.Fetch.BadFetch", "--message", "Create", "--entity", trigger, "--stage", "20", "--config", fetchXml);
        await Host.WaitForRegistrationsAsync();

        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{trigger}", new { name = "x" });

        AssertError(status, body, HttpStatusCode.BadRequest, "PluginFailed");
        Assert.That(body.GetProperty("error").GetProperty("message").GetString(), Does.Contain("FetchXML").Or.Contain("operator").And.Contain(named));
    }

    private static Dictionary<string, object> Reference(string entity, Guid id) =>
        new() { ["@type"] = "EntityReference", ["logicalName"] = entity, ["id"] = id };
}
