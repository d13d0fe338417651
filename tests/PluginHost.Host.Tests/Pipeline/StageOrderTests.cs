using System.Net;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Tests.Pipeline;

[TestFixture("none", DatabaseBackend.Sqlite)]
[TestFixture("none", DatabaseBackend.PostgreSql)]
[TestFixture("sandbox", DatabaseBackend.Sqlite)]
internal sealed class StageOrderTests(string isolation, DatabaseBackend backend) : HostTestBase(isolation, backend)
{
    [Test]
    public async Task Create_StepsOnEveryStage_RunByStageThenRankThenRegistration()
    {
        var entity = NewEntity();
        Step("OrderRecorder", "Create", entity, 40, "--config", "post-rank1");
        Step("OrderRecorder", "Create", entity, 10, "--config", "preval-rank2", "--rank", "2");
        Step("OrderRecorder", "Create", entity, 10, "--config", "preval-rank1", "--rank", "1");
        Step("OrderRecorder", "Create", entity, 20, "--config", "preop-rank1-first");
        Step("OrderRecorder", "Create", entity, 20, "--config", "preop-rank1-second");
        var anyEntity = Host.RegisterStep("--type", "TestPlugins.Pipeline.OrderRecorder", "--message", "Create", "--stage", "40", "--rank", "9", "--config", "post-any-entity-rank9");
        await Host.WaitForRegistrationsAsync();

        var (status, _, correlation) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });
        Host.Reg("step", "unregister", anyEntity);
        await Host.WaitForRegistrationsAsync();
        var order = (await Host.TracesAsync(correlation)).Select(row => row.GetProperty("traceText").GetString()!.Trim()).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(order, Is.EqualTo(new[]
            {
                "order:preval-rank1", "order:preval-rank2", "order:preop-rank1-first", "order:preop-rank1-second", "order:post-rank1", "order:post-any-entity-rank9",
            }));
        }
    }

    [Test]
    public async Task Create_DisabledStep_NeverRunsUntilEnabledThroughAdminApi()
    {
        var entity = NewEntity();
        var stepId = Step("OrderRecorder", "Create", entity, 20, "--config", "toggled");
        Host.Reg("step", "disable", stepId);
        await Host.WaitForRegistrationsAsync();

        var (_, _, whileDisabled) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });
        var (enableStatus, enabled, _) = await SendAsync(HttpMethod.Post, $"/api/admin/steps/{stepId}/enable");
        var (_, _, afterEnable) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "y" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await Host.TracesAsync(whileDisabled), Is.Empty);
            Assert.That(enableStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(enabled.GetProperty("enabled").GetBoolean(), Is.True);
            Assert.That((await Host.TracesAsync(afterEnable)).Select(row => row.GetProperty("traceText").GetString()!.Trim()), Is.EqualTo(new[] { "order:toggled" }));
        }
    }

    [Test]
    public async Task Create_StepDisabledThroughAdminApi_SkippedOnNextRequest()
    {
        var entity = NewEntity();
        var stepId = Step("Refuser", "Create", entity, 10, "--config", "refused while enabled");
        await Host.WaitForRegistrationsAsync();
        var (refusedStatus, _, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });

        var (disableStatus, _, _) = await SendAsync(HttpMethod.Post, $"/api/admin/steps/{stepId}/disable");
        var (createdStatus, _, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusedStatus, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(disableStatus, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(createdStatus, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(Host.Reg("step", "list").EnumerateArray().Single(step => step.GetProperty("id").GetString() == stepId).GetProperty("enabled").GetBoolean(), Is.False);
        }
    }

    [Test]
    public async Task Update_FilteringAttributes_FireOnlyWhenTargetHoldsOne()
    {
        var entity = NewEntity();
        Step("OrderRecorder", "Update", entity, 20, "--config", "filtered", "--filtering-attributes", "name,revenue");
        await Host.WaitForRegistrationsAsync();
        var id = await Host.CreateAsync(entity, new { name = "a", city = "Oslo" });

        var (_, _, otherAttribute) = await SendAsync(HttpMethod.Patch, $"/api/entities/{entity}/{id}", new { city = "Bergen" });
        var (_, _, filteredAttribute) = await SendAsync(HttpMethod.Patch, $"/api/entities/{entity}/{id}", new { revenue = 5 });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await Host.TracesAsync(otherAttribute), Is.Empty);
            Assert.That(await Host.TracesAsync(filteredAttribute), Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task Update_FilteringAttributeAddedByEarlierStep_FiresTheLaterStep()
    {
        var entity = NewEntity();
        Step("TargetMutator", "Update", entity, 10, "--config", "name=set by prevalidation");
        Step("OrderRecorder", "Update", entity, 20, "--config", "fired", "--filtering-attributes", "name");
        await Host.WaitForRegistrationsAsync();
        var id = await Host.CreateAsync(entity, new { city = "Oslo" });

        var (_, _, correlation) = await SendAsync(HttpMethod.Patch, $"/api/entities/{entity}/{id}", new { city = "Bergen" });

        // A step that traces nothing has a null traceText; only the OrderRecorder row holds text.
        Assert.That((await Host.TracesAsync(correlation)).Select(row => row.GetProperty("traceText").GetString() ?? ""), Has.Some.Contains("order:fired"));
    }

    [Test]
    public async Task Create_PreValidationAndPreOperationChangeTarget_ChangeIsStored()
    {
        var entity = NewEntity();
        Step("TargetMutator", "Create", entity, 10, "--config", "stage10=yes;name=renamed");
        Step("TargetMutator", "Create", entity, 20, "--config", "stage20=yes");
        await Host.WaitForRegistrationsAsync();

        var id = await Host.CreateAsync(entity, new { name = "original" });
        var (_, record, _) = await SendAsync(HttpMethod.Get, $"/api/entities/{entity}/{id}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(record.GetProperty("name").GetString(), Is.EqualTo("renamed"));
            Assert.That(record.GetProperty("stage10").GetString(), Is.EqualTo("yes"));
            Assert.That(record.GetProperty("stage20").GetString(), Is.EqualTo("yes"));
        }
    }

    [Test]
    public async Task Retrieve_PostOperationStep_ChangesWhatTheCallerReceives()
    {
        var entity = NewEntity();
        Step("RetrieveChanger", "Retrieve", entity, 40);
        await Host.WaitForRegistrationsAsync();
        var id = await Host.CreateAsync(entity, new { name = "stored" });

        var (status, record, _) = await SendAsync(HttpMethod.Get, $"/api/entities/{entity}/{id}");
        var stored = await RecordsAsync(entity);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(record.GetProperty("name").GetString(), Is.EqualTo("stored (seen by plug-in)"));
            Assert.That(record.GetProperty("addedbyplugin").GetBoolean(), Is.True);
            Assert.That(stored.Single().GetProperty("name").GetString(), Is.EqualTo("stored"), "the change is what the caller sees, not what is stored");
        }
    }

    [Test]
    public async Task RegistrationChange_WhileHostRuns_TakesEffectWithoutRestart()
    {
        var entity = NewEntity();
        var (before, _, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });

        Step("Refuser", "Create", entity, 10, "--config", "now refused");
        await Host.WaitForRegistrationsAsync();
        var (after, body, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(before, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(after, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(body.GetProperty("error").GetProperty("message").GetString(), Is.EqualTo("now refused"));
        }
    }
}
