using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.Xrm.Sdk;
using PluginHost.Host.Diagnostics;
using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Jobs;

/// <summary>
/// Runs queued async steps after their operation committed, <c>PluginHost:Jobs:Concurrency</c> at a time.
/// A plug-in asking for <see cref="OperationStatus.Retry"/>, or a crashed sandbox worker, is retried with backoff
/// up to <c>MaxAttempts</c>; any other error fails the job. A job that failed because the database was busy, locked
/// or unreadable is not the plug-in's fault: it waits and runs again without using up an attempt.
/// </summary>
/// <remarks>
/// Nothing ends the runner but the host stopping: a database call that fails (a lock timeout, an I/O error, a
/// database file that went away) is logged, rate-limited, and tried again with backoff, so a database in trouble
/// never stops the host through its background service.
/// <para>
/// Each claim is a lease (see <see cref="JobStore"/>): while jobs run, the runner renews the leases of all the jobs it
/// holds every third of <c>Jobs:LeaseSeconds</c>, in one write, so a job whose host lives and reaches the database is
/// never taken over; a job whose host died is taken over by another host once its lease lapsed and runs again there.
/// An outcome is written only while the lease is still this host's: if another host took the job over (this host lost
/// the database for longer than the lease), the outcome here is logged and dropped, never written over the other's.
/// </para>
/// </remarks>
internal sealed class JobRunner(
    JobStore jobs,
    PipelineEngine engine,
    StepIndexProvider steps,
    IOptions<PluginHostOptions> options,
    LogThrottle throttle,
    TimeProvider time,
    ILogger<JobRunner> logger) : BackgroundService
{
    /// <summary>The longest wait between two attempts of a job, however many attempts came before.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromHours(1);

    /// <summary>The longest wait after a failed database call before the next one.</summary>
    public static readonly TimeSpan MaxDatabaseBackoff = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan FirstDatabaseBackoff = TimeSpan.FromMilliseconds(250);

    // Attempts at writing a job's outcome once the host is stopping; the job stays InProgress after that, under a lease
    // nobody renews, and runs again when another host takes it over, or this database's next host starts (SQLite).
    private const int WritesWhileStopping = 3;

    // The jobs this host runs now, whose leases the renewal extends.
    private readonly ConcurrentDictionary<Guid, Lease> _held = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // On SQLite this host is the file's only host (DatabaseLock), so a job left InProgress was left by a host that
        // stopped: it is taken over at once. On PostgreSQL another live host may be running it: it is taken over by the
        // claims of any host once its lease has lapsed, and nothing is done here.
        if (jobs.Backend == Registration.Store.DatabaseBackend.Sqlite)
        {
            await PersistAsync(
                () =>
                {
                    var recovered = jobs.ReleaseAbandoned();
                    if (recovered > 0)
                    {
                        logger.LogWarning("{Count} async job(s) left InProgress by a stopped host will run again", recovered);
                    }
                },
                "recover abandoned async jobs",
                stoppingToken);
        }

        // The renewal outlives the workers: a job claimed before the host began stopping still runs to its end, under a
        // lease that must hold until its outcome is written.
        using var renewing = new CancellationTokenSource();
        var renewal = Task.Run(() => RenewAsync(renewing.Token), CancellationToken.None);
        var concurrency = Math.Max(1, options.Value.Jobs.Concurrency);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None)));
        await renewing.CancelAsync();
        await renewal;
    }

    /// <summary>Extends the leases of the jobs this host runs, every third of the lease, until <paramref name="stop"/>.</summary>
    private async Task RenewAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(jobs.LeaseDuration / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (_held.IsEmpty)
                {
                    continue;
                }

                var asked = _held.Values.ToList();
                IReadOnlySet<Guid> stillHeld;
                try
                {
                    stillHeld = jobs.RenewLeases();
                }
                catch (Exception exception)
                {
                    LogFault(exception, "renew the leases of the running async jobs");
                    continue;
                }

                // A job being settled may have left InProgress just before the renewal: only a job still running is lost.
                foreach (var lease in asked.Where(lease => !stillHeld.Contains(lease.Claim.Id) && !lease.Settling && !lease.LossReported))
                {
                    lease.LossReported = true;
                    logger.LogWarning(
                        "Async job {JobId} ({PluginType}) is no longer this host's: its lease lapsed and another host took it over; it may run twice",
                        lease.Claim.Id, lease.Claim.PluginType);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The workers have ended: no job left to renew.
        }
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var claim = jobs.ClaimNext();
                failures = 0;
                if (claim is null)
                {
                    await jobs.WaitForWorkAsync(TimeSpan.FromMilliseconds(500), stoppingToken);
                    continue;
                }

                // A claimed job finishes even during shutdown, so that it is not left InProgress.
                if (claim.TakenOverFrom is { } previousHost)
                {
                    logger.LogWarning(
                        "Async job {JobId} ({PluginType}) taken over from host {Host}, whose lease on it lapsed; attempt {Attempt}",
                        claim.Id, claim.PluginType, previousHost, claim.Attempts);
                }

                _held[claim.Id] = new Lease(claim);
                try
                {
                    await RunAsync(claim, stoppingToken);
                }
                finally
                {
                    _held.TryRemove(claim.Id, out _);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // A database in trouble, or a bug of ours: either way the runner waits and goes on.
                LogFault(exception, "claim an async job");
                if (!await BackOffAsync(failures++, stoppingToken))
                {
                    return;
                }
            }
        }
    }

    private async Task RunAsync(JobClaim claim, CancellationToken stoppingToken)
    {
        StepIndex index;
        try
        {
            index = steps.Refresh();
        }
        catch (Exception exception)
        {
            // Whatever stops the registrations from loading (a busy database, a loader's fault), the job is put back
            // rather than left InProgress until the next restart.
            await Postpone(claim, exception, stoppingToken);
            return;
        }

        if (!index.Steps.TryGetValue(claim.StepId, out var step))
        {
            await FinishAsync(claim, JobStore.Canceled, () => jobs.Settle(claim.Id, JobStore.Canceled, $"step {claim.StepId} is disabled or no longer registered"), stoppingToken);
            return;
        }

        string outcome;
        Func<bool> settle;
        try
        {
            engine.RunStep(JobSnapshot.Read(claim.Context, step));
            outcome = JobStore.Succeeded;
            settle = () => jobs.Settle(claim.Id, JobStore.Succeeded, null, delete: step.AsyncAutoDelete);
        }
        catch (Exception exception) when (DatabaseFaults.IsTransient(exception))
        {
            // The plug-in (or the step's own transaction) met a busy or broken database: not the plug-in's fault.
            await Postpone(claim, exception, stoppingToken);
            return;
        }
        catch (PipelineException exception) when (
            (exception.PluginStatus == OperationStatus.Retry || exception.Code == ErrorCodes.SandboxCrashed) && claim.Attempts < options.Value.Jobs.MaxAttempts)
        {
            // Doubled per attempt, up to an hour: 2^40 times the base would overflow TimeSpan and end this runner.
            var delay = TimeSpan.FromMilliseconds(Math.Min(options.Value.Jobs.RetryBaseMilliseconds * Math.Pow(2, claim.Attempts - 1), MaxRetryDelay.TotalMilliseconds));
            logger.LogInformation("Async job {JobId} ({PluginType}) will retry in {Delay} after attempt {Attempt}: {Error}", claim.Id, claim.PluginType, delay, claim.Attempts, exception.Message);
            outcome = "a retry";
            settle = () => jobs.Retry(claim.Id, exception.Message, delay);
        }
        catch (PipelineException exception)
        {
            outcome = exception.PluginStatus == OperationStatus.Canceled ? JobStore.Canceled : JobStore.Failed;
            settle = () => jobs.Settle(claim.Id, outcome, exception.Message);
        }
        catch (InvalidDataException exception)
        {
            outcome = JobStore.Failed;
            settle = () => jobs.Settle(claim.Id, JobStore.Failed, exception.Message);
        }
        catch (Exception exception)
        {
            // Not a plug-in's exception (StepRunner turns those into PipelineException): a fault of the host's. The job
            // fails with it rather than stay InProgress, and the runner goes on.
            logger.LogError(exception, "Async job {JobId} ({PluginType}) failed in the host", claim.Id, claim.PluginType);
            outcome = JobStore.Failed;
            settle = () => jobs.Settle(claim.Id, JobStore.Failed, $"the host failed running the job: {exception.Message}");
        }

        await FinishAsync(claim, outcome, settle, stoppingToken);
    }

    /// <summary>
    /// Writes a job's outcome (until it succeeds; see <see cref="PersistAsync"/>) while its lease is still renewed; a write that
    /// changed nothing found the job taken over by another host, whose outcome stands.
    /// </summary>
    private async Task FinishAsync(JobClaim claim, string outcome, Func<bool> write, CancellationToken stoppingToken)
    {
        if (_held.TryGetValue(claim.Id, out var lease))
        {
            lease.Settling = true;
        }

        var recorded = true;
        await PersistAsync(() => recorded = write(), $"write the outcome of async job {claim.Id}", stoppingToken);
        if (!recorded)
        {
            logger.LogWarning(
                "Async job {JobId} ({PluginType}) was taken over by another host after this host's lease on it lapsed; its outcome here ({Outcome}) is not recorded",
                claim.Id, claim.PluginType, outcome);
        }
    }

    /// <summary>Puts a job back, due after a short wait, without counting the attempt.</summary>
    private Task Postpone(JobClaim claim, Exception cause, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(Math.Clamp(options.Value.Jobs.RetryBaseMilliseconds, FirstDatabaseBackoff.TotalMilliseconds, MaxDatabaseBackoff.TotalMilliseconds));
        LogFault(cause, $"run async job {claim.Id} ({claim.PluginType}); it will run again in {delay.TotalSeconds:0.###} s without using an attempt");
        return FinishAsync(claim, "postponed", () => jobs.Postpone(claim.Id, $"the database was not available: {cause.GetBaseException().Message}", delay), stoppingToken);
    }

    /// <summary>
    /// Runs a job-table write until it succeeds, waiting longer after each failure; while the host stops, gives up after
    /// a few tries (the job is then picked up again at the next start).
    /// </summary>
    private async Task PersistAsync(Action write, string what, CancellationToken stoppingToken)
    {
        for (var failures = 0; ; failures++)
        {
            try
            {
                write();
                return;
            }
            catch (Exception exception)
            {
                // Whatever it is, the runner must not die of it: a database fault passes, a bug is logged as an error.
                LogFault(exception, what);
                if (stoppingToken.IsCancellationRequested && failures + 1 >= WritesWhileStopping)
                {
                    return;
                }

                await Task.Delay(Backoff(failures), time, CancellationToken.None);
            }
        }
    }

    /// <summary>Waits after the <paramref name="failures"/>th failure in a row; false when the host is stopping.</summary>
    private async Task<bool> BackOffAsync(int failures, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(Backoff(failures), time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static TimeSpan Backoff(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(FirstDatabaseBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 16)), MaxDatabaseBackoff.TotalMilliseconds));

    private void LogFault(Exception exception, string what)
    {
        var reason = exception.GetBaseException().Message;
        if (throttle.ShouldLog($"{nameof(JobRunner)}:{what}:{reason}", out var suppressed))
        {
            if (DatabaseFaults.IsTransient(exception))
            {
                logger.LogWarning("Could not {What}: {Reason}; trying again{Suppressed}", what, reason, suppressed);
            }
            else
            {
                logger.LogError(exception, "Could not {What}; trying again{Suppressed}", what, suppressed);
            }
        }
    }

    /// <summary>A job this host runs; <see cref="Settling"/> once its outcome is being written.</summary>
    private sealed class Lease(JobClaim claim)
    {
        public JobClaim Claim { get; } = claim;

        public volatile bool Settling;

        public volatile bool LossReported;
    }
}
