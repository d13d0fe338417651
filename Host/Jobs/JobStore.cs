using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;
using PluginHost.Host.Pipeline;
using PluginHost.Host.Storage;

namespace PluginHost.Host.Jobs;

/// <summary>A claimed async job.</summary>
/// <param name="Id">The job.</param>
/// <param name="StepId">The async step it runs.</param>
/// <param name="PluginType">The step's plug-in type, for messages.</param>
/// <param name="CorrelationId">The correlation id of the operation that queued it.</param>
/// <param name="Attempts">Its attempts so far, this claim's included.</param>
/// <param name="Context">Its execution context snapshot (<see cref="JobSnapshot"/>).</param>
/// <param name="TakenOverFrom">The host whose lease on the job had lapsed when this claim took it over; null for a job claimed from Waiting.</param>
internal sealed record JobClaim(Guid Id, Guid StepId, string PluginType, Guid CorrelationId, int Attempts, byte[] Context, string? TakenOverFrom = null);

/// <summary>
/// Async job rows: queued inside the operation's transaction, claimed under a lease by one host's job runner, and settled
/// by that host only while the lease is still its own.
/// </summary>
/// <remarks>
/// <para>
/// A claim is a lease: the job row names the claiming host's instance (<c>lease_owner</c>, <see cref="HostIdentity.InstanceId"/>),
/// its name (<c>host</c>) and until when the claim holds (<c>lease_expires_on</c>, now + <c>Jobs:LeaseSeconds</c>). The
/// runner renews the leases of the jobs it runs (<see cref="RenewLeases"/>); a job whose lease lapsed (its host died, or
/// lost the database for longer than the lease) is taken over by the next claim of any host.
/// </para>
/// <para>
/// What that gives: a job runs once while its host lives and reaches the database; if its host dies mid-run, another host
/// runs it again once the lease has lapsed, so a job in flight on a dead host runs at least once, possibly twice. A host
/// writes a job's outcome only while it still holds the lease, so a host that lost its lease never overwrites the outcome
/// of the host that took the job over.
/// </para>
/// <para>
/// Every claim counts an attempt, a takeover too: a host that died running a job is treated like a sandbox worker that
/// crashed running it, which also uses up an attempt. A job is therefore started at most <c>Jobs:MaxAttempts</c> times
/// whatever ended each start, and a poison job (a plug-in that takes its host down every time) is not taken over forever:
/// a takeover that finds the attempts used up fails the job instead of running it. A host dying once never fails a job
/// that had attempts left.
/// </para>
/// <para>
/// Leases are compared with the claiming host's clock (<see cref="TimeProvider"/>): hosts sharing a database need
/// clocks in step (NTP) to well within the lease.
/// </para>
/// </remarks>
internal sealed class JobStore(
    HostDatabase database, HostIdentity identity, IOptions<PluginHostOptions> options, TimeProvider time, ILogger<JobStore> logger) : IDisposable
{
    public const string Waiting = "Waiting";
    public const string InProgress = "InProgress";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Canceled = "Canceled";

    // A claim either takes a due Waiting job or takes over an InProgress one whose lease lapsed. A NULL lease is one an
    // older version left (it had no leases and ran one host per database): it is as good as lapsed. A lapsed lease of
    // this very instance is not taken over: the job is still running here (its renewals failed, the database was away)
    // and the next renewal that reaches the database extends it again, unless another host took it over meanwhile.
    private const string Claimable =
        """
        (status = 'Waiting' AND next_attempt_on <= @now)
        OR (status = 'InProgress' AND (lease_expires_on IS NULL OR lease_expires_on <= @now) AND (lease_owner IS NULL OR lease_owner <> @owner))
        """;

    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    /// <summary>The engine the jobs are stored on.</summary>
    public Registration.Store.DatabaseBackend Backend => database.Backend;

    /// <summary>How long a claim lasts without renewal.</summary>
    public TimeSpan LeaseDuration => TimeSpan.FromSeconds(options.Value.Jobs.LeaseSeconds);

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

    /// <summary>
    /// Ends now the leases of the jobs that other instances left InProgress, so that the next claims take them over; returns
    /// how many. Only for SQLite at start: the database lock makes this host the file's only one, so those instances have
    /// stopped. On PostgreSQL a live host may be running them, and they are taken over only once their lease lapses.
    /// </summary>
    public int ReleaseAbandoned()
    {
        using var gate = database.EnterWrite();
        using var connection = database.Open();
        return connection.Execute(
            """
            UPDATE async_jobs SET lease_expires_on = @now, modified_on = @now
            WHERE status = 'InProgress' AND (lease_owner IS NULL OR lease_owner <> @owner)
            """,
            new { now = Now(), owner = Owner });
    }

    /// <summary>
    /// Claims the next due job, or takes over one whose lease lapsed, marking it InProgress under this instance's lease and
    /// counting an attempt; null when there is none. A takeover that finds the job's attempts used up fails it instead
    /// (see the remarks of <see cref="JobStore"/>) and claims again.
    /// </summary>
    /// <remarks>
    /// On PostgreSQL the job is chosen <c>FOR UPDATE SKIP LOCKED</c>: claimers on several hosts each lock a different row
    /// and none waits for another's. On SQLite the one writer path orders claims.
    /// </remarks>
    public JobClaim? ClaimNext()
    {
        JobClaim? claim;
        while (!TryClaim(out claim))
        {
            // The job chosen was a poison job, failed instead of claimed: choose again.
        }

        return claim;
    }

    /// <summary>False when the job chosen was failed instead of claimed; otherwise <paramref name="claim"/> is the claim, or null when none was due.</summary>
    private bool TryClaim(out JobClaim? claim)
    {
        using var gate = database.EnterWrite();
        using var connection = database.Open();
        using var transaction = HostDatabase.BeginWrite(connection);
        var now = time.GetUtcNow().UtcDateTime;
        var candidate = connection.QuerySingleOrDefault<(string Id, string Status, long Attempts, string PluginType, string? Host)?>(
            $"""
            SELECT id, status, attempts, plugin_type, host FROM async_jobs
            WHERE {Claimable}
            ORDER BY next_attempt_on, created_on LIMIT 1{HostDatabase.SkipLocked(connection)}
            """,
            new { now = Format(now), owner = Owner },
            transaction);
        claim = null;
        if (candidate is not { } chosen)
        {
            return true;
        }

        var maxAttempts = options.Value.Jobs.MaxAttempts;
        var takeover = chosen.Status == InProgress;
        if (takeover && chosen.Attempts >= maxAttempts)
        {
            connection.Execute(
                """
                UPDATE async_jobs SET status = 'Failed', last_error = @error, lease_owner = NULL, lease_expires_on = NULL, modified_on = @now
                WHERE id = @id
                """,
                new
                {
                    id = chosen.Id, now = Format(now),
                    error = $"its host ({chosen.Host ?? "unknown"}) stopped while running it, in the last of its {maxAttempts} attempts; not run again",
                },
                transaction);
            transaction.Commit();
            logger.LogWarning(
                "Async job {JobId} ({PluginType}) failed: its host {Host} stopped while running it, and it had used all {Attempts} attempts",
                chosen.Id, chosen.PluginType, chosen.Host, chosen.Attempts);
            return false;
        }

        var row = connection.QuerySingle<(string StepId, string CorrelationId, long Attempts, byte[] Context)>(
            """
            UPDATE async_jobs SET status = 'InProgress', attempts = attempts + 1, lease_owner = @owner, lease_expires_on = @expires, host = @host, modified_on = @now
            WHERE id = @id
            RETURNING step_id, correlation_id, attempts, context
            """,
            new { id = chosen.Id, now = Format(now), expires = Format(now + LeaseDuration), owner = Owner, host = identity.Name },
            transaction);
        transaction.Commit();
        claim = new JobClaim(
            Guid.Parse(chosen.Id), Guid.Parse(row.StepId), chosen.PluginType, Guid.Parse(row.CorrelationId), (int)row.Attempts, row.Context, takeover ? chosen.Host ?? "unknown" : null);
        return true;
    }

    /// <summary>
    /// Extends the leases of every job this instance holds InProgress, in one write; returns the ids still held, so the
    /// caller can tell a job taken over by another host (its lease had lapsed) from one it still runs.
    /// </summary>
    public IReadOnlySet<Guid> RenewLeases()
    {
        using var gate = database.EnterWrite();
        using var connection = database.Open();
        var now = time.GetUtcNow().UtcDateTime;
        return connection.Query<string>(
                "UPDATE async_jobs SET lease_expires_on = @expires WHERE status = 'InProgress' AND lease_owner = @owner RETURNING id",
                new { expires = Format(now + LeaseDuration), owner = Owner })
            .Select(Guid.Parse)
            .ToHashSet();
    }

    /// <summary>
    /// Records a claimed job's outcome (or deletes the job), if this instance still holds its lease; false when it does
    /// not (another host took the job over), in which case nothing changed.
    /// </summary>
    public bool Settle(Guid id, string status, string? error, bool delete = false)
    {
        using var gate = database.EnterWrite();
        using var connection = database.Open();
        return connection.Execute(
            delete
                ? "DELETE FROM async_jobs WHERE id = @id AND status = 'InProgress' AND lease_owner = @owner"
                : """
                  UPDATE async_jobs SET status = @status, last_error = @error, lease_owner = NULL, lease_expires_on = NULL, modified_on = @now
                  WHERE id = @id AND status = 'InProgress' AND lease_owner = @owner
                  """,
            new { id = id.ToString(), status, error, now = Now(), owner = Owner }) > 0;
    }

    /// <summary>Puts a claimed job back to Waiting, due after <paramref name="delay"/>; false when this instance no longer holds it.</summary>
    public bool Retry(Guid id, string error, TimeSpan delay) => PutBack(id, error, delay, attemptUsed: true);

    /// <summary>
    /// Puts a claimed job back to Waiting, due after <paramref name="delay"/>, without counting the attempt: it did
    /// not fail, the database was not available to it. False when this instance no longer holds the job.
    /// </summary>
    public bool Postpone(Guid id, string reason, TimeSpan delay) => PutBack(id, reason, delay, attemptUsed: false);

    private bool PutBack(Guid id, string error, TimeSpan delay, bool attemptUsed)
    {
        using var gate = database.EnterWrite();
        using var connection = database.Open();
        var now = time.GetUtcNow().UtcDateTime;
        return connection.Execute(
            """
            UPDATE async_jobs SET status = 'Waiting', attempts = CASE WHEN @attemptUsed OR attempts = 0 THEN attempts ELSE attempts - 1 END,
                last_error = @error, next_attempt_on = @next, lease_owner = NULL, lease_expires_on = NULL, modified_on = @now
            WHERE id = @id AND status = 'InProgress' AND lease_owner = @owner
            """,
            new { id = id.ToString(), attemptUsed, error, next = Format(now + delay), now = Format(now), owner = Owner }) > 0;
    }

    /// <summary>
    /// The newest jobs first, with camel-case names (quoted: PostgreSQL folds unquoted names to lower case); <c>host</c> is
    /// the host that last claimed the job.
    /// </summary>
    public IReadOnlyList<object> List(string? status, int top)
    {
        using var connection = database.Open();
        return connection.Query(
                """
                SELECT id, step_id AS "stepId", plugin_type AS "pluginType", message, entity, correlation_id AS "correlationId", status, attempts,
                       next_attempt_on AS "nextAttemptOn", last_error AS "lastError", host AS "host", created_on AS "createdOn", modified_on AS "modifiedOn"
                FROM async_jobs WHERE (@status IS NULL OR lower(status) = lower(@status)) ORDER BY created_on DESC LIMIT @top
                """,
                new { status, top })
            .Select(row => (object)row)
            .ToList();
    }

    public void Dispose() => _wake.Dispose();

    private string Owner => identity.InstanceId.ToString();

    private string Now() => Format(time.GetUtcNow().UtcDateTime);

    private static string Format(DateTime time) => time.ToString("O", CultureInfo.InvariantCulture);
}
