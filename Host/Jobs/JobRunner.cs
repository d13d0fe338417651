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

    // Attempts at writing a job's outcome once the host is stopping; the job stays InProgress after that and runs again
    // when a host next starts on the database.
    private const int WritesWhileStopping = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // On SQLite this host is the file's only host (DatabaseLock), so a job left InProgress was left by a host that
        // stopped. On PostgreSQL another live host may be running it: a job is taken back only once its claim's lease
        // has expired, which is issue 11's next step; until then, PostgreSQL supports one host per database.
        await PersistAsync(
            () =>
            {
                if (jobs.Backend != Registration.Store.DatabaseBackend.Sqlite)
                {
                    return;
                }

                var recovered = jobs.RecoverAbandoned();
                if (recovered > 0)
                {
                    logger.LogWarning("{Count} async job(s) left InProgress by a stopped host will run again", recovered);
                }
            },
            "recover abandoned async jobs",
            stoppingToken);

        var concurrency = Math.Max(1, options.Value.Jobs.Concurrency);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None)));
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
                await RunAsync(claim, stoppingToken);
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
            await PersistAsync(() => jobs.Settle(claim.Id, JobStore.Canceled, $"step {claim.StepId} is disabled or no longer registered"), $"settle async job {claim.Id}", stoppingToken);
            return;
        }

        Action settle;
        try
        {
            engine.RunStep(JobSnapshot.Read(claim.Context, step));
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
            settle = () => jobs.Retry(claim.Id, exception.Message, delay);
        }
        catch (PipelineException exception)
        {
            settle = () => jobs.Settle(claim.Id, exception.PluginStatus == OperationStatus.Canceled ? JobStore.Canceled : JobStore.Failed, exception.Message);
        }
        catch (InvalidDataException exception)
        {
            settle = () => jobs.Settle(claim.Id, JobStore.Failed, exception.Message);
        }
        catch (Exception exception)
        {
            // Not a plug-in's exception (StepRunner turns those into PipelineException): a fault of the host's. The job
            // fails with it rather than stay InProgress, and the runner goes on.
            logger.LogError(exception, "Async job {JobId} ({PluginType}) failed in the host", claim.Id, claim.PluginType);
            settle = () => jobs.Settle(claim.Id, JobStore.Failed, $"the host failed running the job: {exception.Message}");
        }

        await PersistAsync(settle, $"settle async job {claim.Id}", stoppingToken);
    }

    /// <summary>Puts a job back, due after a short wait, without counting the attempt.</summary>
    private Task Postpone(JobClaim claim, Exception cause, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(Math.Clamp(options.Value.Jobs.RetryBaseMilliseconds, FirstDatabaseBackoff.TotalMilliseconds, MaxDatabaseBackoff.TotalMilliseconds));
        LogFault(cause, $"run async job {claim.Id} ({claim.PluginType}); it will run again in {delay.TotalSeconds:0.###} s without using an attempt");
        return PersistAsync(() => jobs.Postpone(claim.Id, $"the database was not available: {cause.GetBaseException().Message}", delay), $"postpone async job {claim.Id}", stoppingToken);
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
}
