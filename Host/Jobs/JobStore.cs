using System.Globalization;
using Dapper;
using PluginHost.Host.Pipeline;
using PluginHost.Host.Storage;

namespace PluginHost.Host.Jobs;

/// <summary>A claimed async job.</summary>
internal sealed record JobClaim(Guid Id, Guid StepId, string PluginType, Guid CorrelationId, int Attempts, byte[] Context);

/// <summary>Async job rows: queued inside the operation's transaction, claimed and settled by the job runner.</summary>
internal sealed class JobStore(HostDatabase database) : IDisposable
{
    /// <summary>The engine the jobs are stored on.</summary>
    public Registration.Store.DatabaseBackend Backend => database.Backend;

    public const string Waiting = "Waiting";
    public const string InProgress = "InProgress";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Canceled = "Canceled";

    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    /// <summary>Signalled after a commit that queued jobs.</summary>
    public void Wake() => _wake.Release();

    public Task<bool> WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);

    /// <summary>Queues a job for an async step, in the transaction of the operation that triggered it.</summary>
    public void Enqueue(OperationTransaction transaction, StepContext context)
    {
        var now = Now();
        transaction.Connection.Execute(
            """
            INSERT INTO async_jobs (id, step_id, plugin_type, message, entity, correlation_id, status, attempts, next_attempt_on, last_error, context, created_on, modified_on)
            VALUES (@id, @stepId, @pluginType, @message, @entity, @correlationId, 'Waiting', 0, @now, NULL, @context, @now, @now)
            """,
            new
            {
                id = Guid.NewGuid().ToString(), stepId = context.Step.StepId.ToString(), pluginType = context.Step.TypeName, message = context.MessageName,
                entity = context.PrimaryEntityName, correlationId = context.CorrelationId.ToString(), now, context = JobSnapshot.Write(context),
            },
            transaction.Transaction);
    }

    /// <summary>Jobs a host left InProgress when it died go back to Waiting; returns how many.</summary>
    public int RecoverAbandoned()
    {
        using var gate = database.EnterWrite();
        using var connection = database.Open();
        return connection.Execute("UPDATE async_jobs SET status = 'Waiting', modified_on = @now WHERE status = 'InProgress'", new { now = Now() });
    }

    /// <summary>
    /// Takes the next due job, marking it InProgress; null when none is due, or when another claimer took the job this
    /// one chose first (PostgreSQL, READ COMMITTED: the second update waits for the first, then finds the row no longer
    /// Waiting and changes nothing), so a job is never claimed twice; the caller simply claims again.
    /// </summary>
    public JobClaim? ClaimNext()
    {
        using var gate = database.EnterWrite();
        using var connection = database.Open();
        var row = connection.QuerySingleOrDefault<(string Id, string StepId, string PluginType, string CorrelationId, long Attempts, byte[] Context)?>(
            """
            UPDATE async_jobs SET status = 'InProgress', attempts = attempts + 1, modified_on = @now
            WHERE id = (SELECT id FROM async_jobs WHERE status = 'Waiting' AND next_attempt_on <= @now ORDER BY next_attempt_on, created_on LIMIT 1)
                AND status = 'Waiting'
            RETURNING id, step_id, plugin_type, correlation_id, attempts, context
            """,
            new { now = Now() });
        return row is { } claimed
            ? new JobClaim(Guid.Parse(claimed.Id), Guid.Parse(claimed.StepId), claimed.PluginType, Guid.Parse(claimed.CorrelationId), (int)claimed.Attempts, claimed.Context)
            : null;
    }

    public void Settle(Guid id, string status, string? error, bool delete = false)
    {
        using var gate = database.EnterWrite();
        using var connection = database.Open();
        connection.Execute(
            delete
                ? "DELETE FROM async_jobs WHERE id = @id"
                : "UPDATE async_jobs SET status = @status, last_error = @error, modified_on = @now WHERE id = @id",
            new { id = id.ToString(), status, error, now = Now() });
    }

    public void Retry(Guid id, string error, TimeSpan delay) => PutBack(id, error, delay, attemptUsed: true);

    /// <summary>
    /// Puts a claimed job back to Waiting, due after <paramref name="delay"/>, without counting the attempt: it did
    /// not fail, the database was not available to it.
    /// </summary>
    public void Postpone(Guid id, string reason, TimeSpan delay) => PutBack(id, reason, delay, attemptUsed: false);

    private void PutBack(Guid id, string error, TimeSpan delay, bool attemptUsed)
    {
        using var gate = database.EnterWrite();
        using var connection = database.Open();
        connection.Execute(
            """
            UPDATE async_jobs SET status = 'Waiting', attempts = CASE WHEN @attemptUsed OR attempts = 0 THEN attempts ELSE attempts - 1 END,
                last_error = @error, next_attempt_on = @next, modified_on = @now
            WHERE id = @id
            """,
            new { id = id.ToString(), attemptUsed, error, next = Format(DateTime.UtcNow + delay), now = Now() });
    }

    /// <summary>The newest jobs first, with camel-case names (quoted: PostgreSQL folds unquoted names to lower case).</summary>
    public IReadOnlyList<object> List(string? status, int top)
    {
        using var connection = database.Open();
        return connection.Query(
                """
                SELECT id, step_id AS "stepId", plugin_type AS "pluginType", message, entity, correlation_id AS "correlationId", status, attempts,
                       next_attempt_on AS "nextAttemptOn", last_error AS "lastError", created_on AS "createdOn", modified_on AS "modifiedOn"
                FROM async_jobs WHERE (@status IS NULL OR lower(status) = lower(@status)) ORDER BY created_on DESC LIMIT @top
                """,
                new { status, top })
            .Select(row => (object)row)
            .ToList();
    }

    public void Dispose() => _wake.Dispose();

    private static string Now() => Format(DateTime.UtcNow);

    private static string Format(DateTime time) => time.ToString("O", CultureInfo.InvariantCulture);
}
