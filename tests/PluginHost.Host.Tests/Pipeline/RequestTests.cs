using System.Net;
using System.Text.Json;
using Dapper;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Tests.Pipeline;

/// <summary>
/// Plug-ins in the Dataverse idiom (tests/TestPlugins/Requests): typed requests through Execute, Associate and the
/// standard <c>catch (FaultException&lt;OrganizationServiceFault&gt;)</c>, in both isolations, judged by what the store holds.
/// </summary>
[TestFixture("none", DatabaseBackend.Sqlite)]
[TestFixture("none", DatabaseBackend.PostgreSql)]
[TestFixture("sandbox", DatabaseBackend.Sqlite)]
[TestFixture("sandbox", DatabaseBackend.PostgreSql)]
internal sealed class RequestTests(string isolation, DatabaseBackend backend) : HostTestBase(isolation, backend)
{
    private const int ObjectDoesNotExist = unchecked((int)0x80040217);
    private const int DuplicateRecord = unchecked((int)0x80040237);
    private const int InvalidArgument = unchecked((int)0x80040203);

    [OneTimeSetUp]
    public void RegisterRequestPlugins() => Host.RegisterAssembly("Requests", Isolation);

    [Test]
    public async Task Retrieve_MissingRecordCaughtAsFault_PluginSeesDataverseCodeAndMessage()
    {
        var entity = NewEntity("caught");
        RequestStep("FaultCatcher", "Create", entity, "prevalidation");
        await Host.WaitForRegistrationsAsync();

        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });
        var record = (await RecordsAsync(entity)).Single();

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body.ToString);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(record.GetProperty("missing_code").GetInt32(), Is.EqualTo(ObjectDoesNotExist));
            Assert.That(record.GetProperty("missing_message").GetString(), Does.Contain("nosuchthing").And.Contain("does not exist"));
            Assert.That(record.GetProperty("missing_exmessage").GetString(), Is.EqualTo(record.GetProperty("missing_message").GetString()));
            Assert.That(record.GetProperty("missing_hostcode").GetString(), Is.EqualTo("NotFound"));
            Assert.That(record.GetProperty("unknown_message").GetString(), Does.Contain("NotFound").And.Contain("acme_NoSuchMessage"));
            Assert.That(record.GetProperty("sendemail_message").GetString(), Does.StartWith($"{InvalidArgument}|BadRequest|").And.Contain("SendEmail").And.Contain("custom message"));
            Assert.That(record.GetProperty("duplicate_code").GetInt32(), Is.EqualTo(DuplicateRecord));
            Assert.That(record.GetProperty("unlinked_code").GetInt32(), Is.EqualTo(ObjectDoesNotExist));
            Assert.That(Links("reqcontact_friends"), Has.Count.EqualTo(1), "the reverse association was refused as a duplicate");
        }
    }

    [Test]
    public async Task Associate_ContactsThroughRelationship_LinksStoredAndAssociateStepsFire()
    {
        var account = NewEntity("account");
        var contact = NewEntity("contact");
        var witness = NewEntity("witness");
        RequestStep("ContactLinker", "Create", account, 40, "--config", contact);
        RequestStep("AssociateWitness", "Associate", account, 20, "--config", witness);
        RequestStep("AssociateWitness", "Disassociate", account, 40, "--config", witness);
        await Host.WaitForRegistrationsAsync();

        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{account}", new { name = "Contoso" });
        var accountId = body.GetProperty("id").GetString()!;
        var links = Links("account_contacts");
        var contacts = (await RecordsAsync(contact)).ToDictionary(row => row.GetProperty("id").GetString()!, row => row.GetProperty("fullname").GetString());
        var witnessed = (await RecordsAsync(witness)).OrderBy(row => row.GetProperty("message").GetString()).ToList();

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body.ToString);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(contacts.Values, Is.EquivalentTo(new[] { "Ada", "Grace", "Linus" }));
            Assert.That(links.Select(link => contacts[link.Other(accountId)!]), Is.EquivalentTo(new[] { "Ada", "Grace" }), "Linus was disassociated");
            Assert.That(witnessed.Select(row => row.GetProperty("message").GetString()), Is.EqualTo(new[] { "Associate", "Disassociate" }));
            Assert.That(witnessed.Select(row => row.GetProperty("related").GetInt32()), Is.EqualTo(new[] { 3, 1 }));
            Assert.That(witnessed[0].GetProperty("relationship").GetString(), Is.EqualTo("account_contacts"));
            Assert.That(witnessed[0].GetProperty("target").GetProperty("id").GetString(), Is.EqualTo(accountId));
            Assert.That(witnessed[0].GetProperty("depth").GetInt32(), Is.EqualTo(2));
        }

        var (deleted, _, _) = await SendAsync(HttpMethod.Delete, $"/api/entities/{account}/{accountId}");
        Assert.That(deleted, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(Links("account_contacts").Where(link => link.Other(accountId) is not null), Is.Empty, "deleting a record removes its links");
    }

    [Test]
    public async Task Execute_TypedRequests_TypedResponsesAndStoreChanged()
    {
        var entity = NewEntity("typed");
        var other = NewEntity("upserted");
        RequestStep("TypedRequests", "Create", entity, 40, "--config", other);
        await Host.WaitForRegistrationsAsync();

        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });
        var record = (await RecordsAsync(entity)).Single();
        var rounds = (await RecordsAsync(other)).Select(row => row.GetProperty("round").GetInt32()).Order().ToList();

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body.ToString);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(record.GetProperty("whoami").GetString(), Is.EqualTo("6a1c3a2e-0c8f-4f7e-9d35-2b1f0e4c7a11"));
            Assert.That(record.GetProperty("organization").GetString(), Is.EqualTo(record.GetProperty("context_organization").GetString()).And.Not.EqualTo(Guid.Empty.ToString()));
            Assert.That(record.GetProperty("ownerid").GetProperty("logicalName").GetString(), Is.EqualTo("systemuser"));
            Assert.That(record.GetProperty("ownerid").GetProperty("id").GetString(), Is.EqualTo("0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f60"));
            Assert.That(record.GetProperty("statecode").GetProperty("value").GetInt32(), Is.EqualTo(1));
            Assert.That(record.GetProperty("statuscode").GetProperty("value").GetInt32(), Is.EqualTo(2));
            Assert.That(record.GetProperty("upsert_first").GetBoolean(), Is.True);
            Assert.That(record.GetProperty("upsert_second").GetBoolean(), Is.False);
            Assert.That(record.GetProperty("upsert_target").GetProperty("id").GetString(), Is.EqualTo("3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a98"));
            Assert.That(record.GetProperty("retrieved_round").GetInt32(), Is.EqualTo(2));
            Assert.That(record.GetProperty("multi_faulted").GetBoolean(), Is.True);
            Assert.That(record.GetProperty("multi_items").GetInt32(), Is.EqualTo(3));
            Assert.That(record.GetProperty("multi_created").GetInt32(), Is.EqualTo(2));
            Assert.That(record.GetProperty("multi_fault_index").GetInt32(), Is.EqualTo(1));
            Assert.That(record.GetProperty("multi_fault_code").GetInt32(), Is.EqualTo(ObjectDoesNotExist));
            Assert.That(record.GetProperty("stopped_items").GetInt32(), Is.EqualTo(1));
            Assert.That(record.GetProperty("stopped_faulted").GetBoolean(), Is.True);
            Assert.That(record.GetProperty("transaction_created").GetInt32(), Is.EqualTo(2));
            Assert.That(rounds, Is.EqualTo(new[] { 2, 10, 11, 20, 21 }), "the upserted record, the batches' creates but not the one after a stop");
        }
    }

    [Test]
    public async Task Create_PluginCatchesNestedFaultInTransaction_OperationStillFailsAndNothingStored()
    {
        var entity = NewEntity("swallow");
        RequestStep("FaultSwallower", "Create", entity, 40);
        await Host.WaitForRegistrationsAsync();

        var (status, body, correlation) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });

        AssertError(status, body, HttpStatusCode.NotFound, "NotFound");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await RecordsAsync(entity), Is.Empty);
            Assert.That((await Host.TracesAsync(correlation)).Single().GetProperty("traceText").GetString(), Does.Contain($"swallowed {ObjectDoesNotExist}"));
        }
    }

    [Test]
    public async Task Create_PluginThrowsItsOwnFaultClaimingACrash_CallerGetsPluginError()
    {
        var entity = NewEntity("forged");
        RequestStep("FaultForger", "Create", entity, 20);
        await Host.WaitForRegistrationsAsync();

        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });

        AssertError(status, body, HttpStatusCode.InternalServerError, "PluginError");
        Assert.That(body.GetProperty("error").GetProperty("message").GetString(), Does.Not.Contain("forged"));
    }

    [Test]
    public async Task Create_LoopThroughExecuteMultipleWithContinueOnError_FailsWholeOperationAsInfiniteLoop()
    {
        var entity = NewEntity("batchloop");
        RequestStep("BatchLooper", "Create", entity, 20);
        await Host.WaitForRegistrationsAsync();

        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });

        AssertError(status, body, HttpStatusCode.BadRequest, "InfiniteLoop");
        Assert.That(await RecordsAsync(entity), Is.Empty);
    }

    [Test]
    public async Task Upsert_TargetNamedByAlternateKey_RefusedAsFaultNamingKeys()
    {
        var entity = NewEntity("keyed");
        var other = NewEntity("keyedother");
        RequestStep("KeyedUpsert", "Create", entity, "prevalidation", "--config", other);
        await Host.WaitForRegistrationsAsync();

        var (status, body, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });

        Assert.That(status, Is.EqualTo(HttpStatusCode.Created), body.ToString);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((await RecordsAsync(entity)).Single().GetProperty("keyed").GetString(), Does.Contain("alternate key"));
            Assert.That(await RecordsAsync(other), Is.Empty);
        }
    }

    [Test]
    public async Task WhoAmI_ThroughHttpMessagesEndpoint_AnswersTheCallingUser()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/messages/WhoAmI", new { });

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString);
        Assert.That(body.GetProperty("UserId").GetProperty("value").GetString(), Is.EqualTo(Guid.Empty.ToString()), "no user header: the system user");
    }

    private void RequestStep(string type, string message, string entity, object stage, params string[] more) =>
        Host.RegisterStep(["--type", $"TestPlugins.Requests.{type}", "--message", message, "--entity", entity, "--stage", stage.ToString()!, .. more]);

    private List<Link> Links(string relationship)
    {
        using var connection = Host.OpenDatabase().OpenDbConnection();
        return connection.Query<Link>(
            "SELECT entity1 AS Entity1, id1 AS Id1, entity2 AS Entity2, id2 AS Id2 FROM entity_links WHERE relationship = @relationship",
            new { relationship }).ToList();
    }

    private sealed record Link(string Entity1, string Id1, string Entity2, string Id2)
    {
        public string? Other(string id) => Id1 == id ? Id2 : Id2 == id ? Id1 : null;
    }
}
