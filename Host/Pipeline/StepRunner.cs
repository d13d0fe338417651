using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using PluginHost.Host.Diagnostics;
using PluginHost.Host.Endpoints;
using PluginHost.Sandbox.Protocol.Messages;

namespace PluginHost.Host.Pipeline;

/// <summary>
/// Runs one step through the executor its isolation mode asks for, and turns what happened into a trace row,
/// statistics and, on failure, the error the caller receives.
/// </summary>
internal sealed class StepRunner(
    ExecutorSelector executors,
    TraceLog traceLog,
    PluginStatistics statistics,
    ServiceEndpointNotifier serviceEndpoints,
    LogThrottle throttle,
    ILogger<StepRunner> logger,
    ILoggerFactory loggerFactory)
{
    private readonly ILogger _pluginLogger = loggerFactory.CreateLogger(PluginLogger.Category);

    public void Run(StepContext context, IOrganizationServiceFactory factory)
    {
        var step = context.Step;
        var tracing = new TraceBuffer();
        var startedOn = DateTime.UtcNow;
        var started = Stopwatch.GetTimestamp();
        var outcome = StepOutcome.Succeeded;
        Exception? failure = null;
        try
        {
            if (step.SecureConfigProblem is { } problem)
            {
                // Never the ciphertext, never null in its place: the plug-in is not run without its configuration.
                throw new PipelineException(ErrorCodes.PluginError, $"Step '{step.Name}' was not run: {problem}. Correlation id: {context.CorrelationId}.");
            }

            executors.For(step).Execute(context, new PluginServices(context, tracing, factory, serviceEndpoints, _pluginLogger));
        }
        catch (OperationCanceledException exception) when (context.Operation.Cancellation.IsCancellationRequested)
        {
            // The caller gave up: nobody's fault, and not the plug-in's; the whole operation rolls back.
            outcome = StepOutcome.Failed;
            failure = exception;
            throw;
        }
        catch (InvalidPluginExecutionException exception)
        {
            outcome = StepOutcome.Failed;
            failure = exception;
            throw new PipelineException(ErrorCodes.PluginFailed, exception.Message, exception) { PluginStatus = exception.Status };
        }
        catch (Exception thrown) when (thrown is PipelineException or PipelineFault)
        {
            // From a nested call (let through as the fault a plug-in sees) or the sandbox: the code says what happened.
            // A FaultException the plug-in made itself is not trusted: it falls to the generic case below, so a
            // plug-in cannot answer the caller with a code (SandboxCrashed, Timeout…) the host did not raise.
            var exception = thrown is PipelineFault fault ? fault.Cause : (PipelineException)thrown;
            outcome = exception.Code switch
            {
                ErrorCodes.SandboxCrashed => StepOutcome.Crashed,
                ErrorCodes.Timeout => StepOutcome.Timeout,
                ErrorCodes.SandboxMemoryExceeded => StepOutcome.MemoryExceeded,
                _ => StepOutcome.Failed,
            };
            failure = exception;
            if (exception == thrown)
            {
                throw;
            }

            ExceptionDispatchInfo.Throw(exception);
            throw;
        }
        catch (Exception exception)
        {
            outcome = StepOutcome.Failed;
            failure = exception;
            // A step that fails on every execution would write a line per request: one a minute per step and exception.
            if (throttle.ShouldLog($"{nameof(StepRunner)}:{step.StepId}:{exception.GetType().FullName}", out var suppressed))
            {
                logger.LogWarning(
                    "Step {StepId} ({PluginType}) threw {ExceptionType} (correlation {CorrelationId}){Suppressed}",
                    step.StepId,
                    step.TypeName,
                    exception.GetType().FullName,
                    context.CorrelationId,
                    suppressed);
            }

            throw new PipelineException(
                ErrorCodes.PluginError,
                $"An unexpected error occurred in plug-in {step.TypeName}. Correlation id: {context.CorrelationId}; the trace log has the details.",
                exception);
        }
        finally
        {
            var durationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            statistics.Record(step.TypeName, outcome, durationMs);
            traceLog.Add(new TraceRow(
                step.StepId, step.TypeName, context.MessageName, context.PrimaryEntityName, step.Stage, context.Mode, context.Depth,
                context.CorrelationId, startedOn, durationMs, outcome, NullIfEmpty(tracing.ToString()), failure?.ToString()));
        }
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
