using System.Net;
using System.Text.Json;

namespace PluginHost.Host.Tests.Jobs;

[TestFixture("none")]
[TestFixture("sandbox")]
internal sealed class AsyncJobTests(string isolation) : HostTestBase(isolation)
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
        var settleBy = DateTime.UtcNow.AddSeconds(10);
        while ((await JobStatusesAsync(step)).Contains("InProgress") && DateTime.UtcNow < settleBy)
        {
            await Task.Delay(20);
        }

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
        Step("Refuser", "Create", entity, 40, "--config", "no", "--rank", "5");
        await Host.WaitForRegistrationsAsync();

        var (status, _, _) = await SendAsync(HttpMethod.Post, $"/api/entities/{entity}", new { name = "x" });
        await Task.Delay(300);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await JobStatusesAsync(step), Is.Empty);
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
        await Task.Delay(200);

        Assert.That(await JobStatusesAsync(step), Is.Empty);
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
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var found = await probe();
            if (found.ValueKind != JsonValueKind.Undefined)
            {
                return found;
            }

            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the async work did not happen within 30 s");
            await Task.Delay(100);
        }
    }
}
