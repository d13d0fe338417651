using System.Net;
using System.Text.Json;
using PluginHost.Registration.Store;

namespace PluginHost.Host.Tests.Jobs;

[TestFixture("none", DatabaseBackend.Sqlite)]
[TestFixture("none", DatabaseBackend.PostgreSql)]
[TestFixture("sandbox", DatabaseBackend.Sqlite)]
internal sealed class AsyncJobTests(string isolation, DatabaseBackend backend) : HostTestBase(isolation, backend)
{
    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["PluginHost__Jobs__RetryBaseMilliseconds"] = "100",
    };

    [Test]
    public async Task Create_AsyncStep_RunsAfterCommitWithModeOneAndSharedVariablesCopy()
    {
        var entity = NewEntity();
        Step("OrderRecorder", "Create", entity, 20, "--config", "sync-before");
        var step = Step("AsyncRecorder", "Create", entity, 40, "--mode", "async");
        Host.Reg("image", "register", "--step", step, "--kind", "post", "--alias", "after");
        await Host.WaitForRegistrationsAsync();

        var id = await Host.CreateAsync(entity, new { name = "x" });
        var log = await WaitForAsync(async () => (await RecordsAsync("asynclog", $"?target={id}")).SingleOrDefault());
        // The plug-in's record is committed just before the runner settles the job: wait for the job to leave InProgress.
        await Eventually.TrueAsync(async () => !(await JobStatusesAsync(step)).Contains("InProgress"), TimeSpan.FromSeconds(10));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(log.GetProperty("mode").GetInt32(), Is.EqualTo(1));
            Assert.That(log.GetProperty("stage").GetInt32(), Is.EqualTo(40));
            Assert.That(log.GetProperty("intransaction").GetBoolean(), Is.False);
            Assert.That(log.GetProperty("shared").GetString(), Is.EqualTo("sync-before"));
            Assert.That(log.GetProperty("postimage").GetInt32(), Is.EqualTo(1));
            Assert.That(await JobStatusesAsync(step), Is.EqualTo(new[] { "Succeeded" }));
        }
    }

    [Test]
    public async Task Create_RolledBack_QueuesNoAsyncJob()
    {
        var entity = NewEntity();
        var step = Step("AsyncRecorder", "Create", entity, 40, "--mode", "async");
        var refuser = Step("Refuser", "Create", entity, 40, "--config", "no", "--rank", "5");
        await Host.WaitForRegistrationsAsync();

        var (status, _, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });

        // Jobs are queued in the operation's transaction, so the refused create has left none behind by now; with the
        // refuser disabled, a create queues exactly one, which shows the step would have queued a job.
        var queuedBeforeAccepted = await JobStatusesAsync(step);
        Host.Reg("step", "disable", refuser);
        await Host.WaitForRegistrationsAsync();
        var accepted = await Host.CreateAsync(entity, new { name = "x" });
        await WaitForAsync(async () => (await RecordsAsync("asynclog", $"?target={accepted}")).SingleOrDefault());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(queuedBeforeAccepted, Is.Empty);
            Assert.That(await JobsAsync(step), Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task AsyncStep_AskingForRetry_RetriedWithBackoffUntilItSucceeds()
    {
        var entity = NewEntity();
        var step = Step("RetryUntil", "Create", entity, 40, "--mode", "async", "--config", "3");
        await Host.WaitForRegistrationsAsync();

        await Host.CreateAsync(entity, new { name = "x" });
        var job = await WaitForAsync(async () => (await JobsAsync(step)).SingleOrDefault(row => row.GetProperty("status").GetString() == "Succeeded"));

        Assert.That(job.GetProperty("attempts").GetInt32(), Is.EqualTo(3));
    }

    [Test]
    public async Task AsyncStep_RetryingPastFourAttempts_Fails()
    {
        var entity = NewEntity();
        var step = Step("RetryUntil", "Create", entity, 40, "--mode", "async", "--config", "99");
        await Host.WaitForRegistrationsAsync();

        await Host.CreateAsync(entity, new { name = "x" });
        var job = await WaitForAsync(async () => (await JobsAsync(step)).SingleOrDefault(row => row.GetProperty("status").GetString() == "Failed"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(job.GetProperty("attempts").GetInt32(), Is.EqualTo(4));
            Assert.That(job.GetProperty("lastError").GetString(), Does.Contain("attempt 4: not yet"));
        }
    }

    [Test]
    public async Task AsyncStep_OtherError_FailsAtOnce()
    {
        var entity = NewEntity();
        var step = Step("Crasher", "Create", entity, 40, "--mode", "async");
        await Host.WaitForRegistrationsAsync();

        await Host.CreateAsync(entity, new { name = "x" });
        var job = await WaitForAsync(async () => (await JobsAsync(step)).SingleOrDefault(row => row.GetProperty("status").GetString() == "Failed"));

        Assert.That(job.GetProperty("attempts").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task AsyncStep_WithAutoDelete_RemovesItsJobOnSuccess()
    {
        var entity = NewEntity();
        var step = Step("AsyncRecorder", "Create", entity, 40, "--mode", "async", "--async-auto-delete");
        await Host.WaitForRegistrationsAsync();

        var id = await Host.CreateAsync(entity, new { name = "x" });
        await WaitForAsync(async () => (await RecordsAsync("asynclog", $"?target={id}")).SingleOrDefault());

        // The plug-in's record is committed just before the runner deletes the job.
        Assert.That(await Eventually.TrueAsync(async () => (await JobStatusesAsync(step)).Count == 0, TimeSpan.FromSeconds(10)), Is.True, "the succeeded job was not deleted");
    }

    [Test]
    public async Task Jobs_UnknownStatusFilter_BadRequest()
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, "/api/admin/jobs?status=Sleeping");

        AssertError(status, body, HttpStatusCode.BadRequest, "BadRequest");
    }

    private async Task<IReadOnlyList<JsonElement>> JobsAsync(string stepId)
    {
        var (_, body, _) = await SendAsync(HttpMethod.Get, "/api/admin/jobs?top=10000");
        return body.EnumerateArray().Where(job => job.GetProperty("stepId").GetString() == stepId).ToList();
    }

    private async Task<IReadOnlyList<string?>> JobStatusesAsync(string stepId) =>
        (await JobsAsync(stepId)).Select(job => job.GetProperty("status").GetString()).ToList();

    internal static async Task<JsonElement> WaitForAsync(Func<Task<JsonElement>> probe)
    {
        var found = default(JsonElement);
        var happened = await Eventually.TrueAsync(async () => (found = await probe()).ValueKind != JsonValueKind.Undefined, TimeSpan.FromSeconds(30));
        Assert.That(happened, Is.True, "the async work did not happen within 30 s");
        return found;
    }
}
