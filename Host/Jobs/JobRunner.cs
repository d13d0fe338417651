using Microsoft.Extensions.Options;
using Microsoft.Xrm.Sdk;
using PluginHost.Host.Pipeline;

namespace PluginHost.Host.Jobs;

/// <summary>
/// Runs queued async steps after their operation committed, <c>PluginHost:Jobs:Concurrency</c> at a time.
/// A plug-in asking for <see cref="OperationStatus.Retry"/>, or a crashed sandbox worker, is retried with backoff
/// up to <c>MaxAttempts</c>; any other error fails the job.
/// </summary>
internal sealed class JobRunner(
    JobStore jobs,
    PipelineEngine engine,
    StepIndexProvider steps,
    IOptions<PluginHostOptions> options,
    ILogger<JobRunner> logger) : BackgroundService
{
    /// <summary>The longest wait between two attempts of a job, however many attempts came before.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromHours(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var recovered = jobs.RecoverAbandoned();
        if (recovered > 0)
        {
            logger.LogWarning("{Count} async job(s) left InProgress by a stopped host will run again", recovered);
        }

        var concurrency = Math.Max(1, options.Value.Jobs.Concurrency);
        return Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => WorkAsync(stoppingToken), stoppingToken)));
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            JobClaim? claim;
            try
            {
                claim = jobs.ClaimNext();
            }
            catch (Microsoft.Data.Sqlite.SqliteException exception)
            {
                logger.LogError(exception, "Could not claim an async job");
                claim = null;
            }

            if (claim is null)
            {
                try
                {
                    await jobs.WaitForWorkAsync(TimeSpan.FromMilliseconds(500), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            // A claimed job finishes even during shutdown, so that it is not left InProgress.
            Run(claim);
        }
    }

    private void Run(JobClaim claim)
    {
        if (!steps.Refresh().Steps.TryGetValue(claim.StepId, out var step))
        {
            jobs.Settle(claim.Id, JobStore.Canceled, $"step {claim.StepId} is disabled or no longer registered");
            return;
        }

        try
        {
            engine.RunStep(JobSnapshot.Read(claim.Context, step));
            jobs.Settle(claim.Id, JobStore.Succeeded, null, delete: step.AsyncAutoDelete);
        }
        catch (PipelineException exception) when (
            (exception.PluginStatus == OperationStatus.Retry || exception.Code == ErrorCodes.SandboxCrashed) && claim.Attempts < options.Value.Jobs.MaxAttempts)
        {
            // Doubled per attempt, up to an hour: 2^40 times the base would overflow TimeSpan and end this runner.
            var delay = TimeSpan.FromMilliseconds(Math.Min(options.Value.Jobs.RetryBaseMilliseconds * Math.Pow(2, claim.Attempts - 1), MaxRetryDelay.TotalMilliseconds));
            logger.LogInformation("Async job {JobId} ({PluginType}) will retry in {Delay} after attempt {Attempt}: {Error}", claim.Id, claim.PluginType, delay, claim.Attempts, exception.Message);
            jobs.Retry(claim.Id, exception.Message, delay);
        }
        catch (PipelineException exception)
        {
            jobs.Settle(claim.Id, exception.PluginStatus == OperationStatus.Canceled ? JobStore.Canceled : JobStore.Failed, exception.Message);
        }
        catch (InvalidDataException exception)
        {
            jobs.Settle(claim.Id, JobStore.Failed, exception.Message);
        }
    }
}
