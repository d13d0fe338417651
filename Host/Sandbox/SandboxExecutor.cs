using System.ServiceModel;
using Microsoft.Extensions.Options;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;
using PluginHost.Host.Endpoints;
using PluginHost.Host.Loading;
using PluginHost.Host.Pipeline;
using PluginHost.Sandbox.Protocol.Messages;
using PluginHost.Sandbox.Protocol.Wire;

namespace PluginHost.Host.Sandbox;

/// <summary>
/// Runs untrusted plug-ins (isolation <c>sandbox</c>) in worker processes, never in the host: sends the context, serves
/// the plug-in's organization-service calls here in the caller's transaction, and copies back what it changed.
/// A worker that crashes, hangs past the timeout, runs out of memory or breaks the protocol is ended and replaced,
/// and the step fails with <c>SandboxCrashed</c>, <c>Timeout</c> or <c>SandboxMemoryExceeded</c>.
/// </summary>
internal sealed class SandboxExecutor(
    SandboxPool pool,
    SandboxAssemblyGate gate,
    StepIndexProvider steps,
    IOptions<PluginHostOptions> options,
    Diagnostics.LogThrottle throttle,
    ILogger<SandboxExecutor> logger) : IStepExecutor
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(2);

    // A unit updated again and again while one request is being dispatched: give up after this many updates.
    private const int MaxRedispatches = 3;

    public void Execute(StepContext context, PluginServices services)
    {
        var (step, admitted) = Admit(context.Step);
        var nested = context.Depth > 1;
        var cancellation = context.Operation.Cancellation;
        var worker = pool.Rent(nested, cancellation);
        var healthy = false;

        // A request given up while its plug-in runs stops waiting at once: the worker is killed (its channel breaks,
        // which ends the wait below) and, in a state no one knows, never goes back to the pool.
        var stopOnCancel = cancellation.Register(static state => ((SandboxWorker)state!).Kill(), worker);
        try
        {
            worker.EnsureUnit(admitted);
            new ExecuteRequest(step.StepId, step.Unit.Key, step.AssemblyName, step.TypeName, step.UnsecureConfig, step.SecureConfig, context)
                .Write(worker.Channel.Begin(FrameType.Execute));
            worker.Channel.Send();
            var servedFaults = new HashSet<string>(StringComparer.Ordinal);
            var result = Converse(worker, services, servedFaults);
            healthy = result.Outcome != ExecuteOutcome.OutOfMemory;
            if (!healthy)
            {
                LogWorkerLost(worker, context, "ran out of memory");
            }

            Apply(context, step, result, servedFaults);
        }
        catch (Exception) when (cancellation.IsCancellationRequested)
        {
            logger.LogInformation(
                "Sandbox worker {Worker} was stopped: the request running step {StepId} ({PluginType}) was cancelled (correlation {CorrelationId})",
                worker.Number,
                step.StepId,
                step.TypeName,
                context.CorrelationId);
            throw new OperationCanceledException($"the request running plug-in {step.TypeName} was cancelled", cancellation);
        }
        catch (TimeoutException)
        {
            LogWorkerLost(worker, context, $"timed out after {options.Value.Sandbox.ExecutionTimeoutSeconds} s");
            throw new PipelineException(
                ErrorCodes.Timeout,
                $"Plug-in {step.TypeName} did not finish within {options.Value.Sandbox.ExecutionTimeoutSeconds} s; its sandbox worker was stopped and nothing was saved. Correlation id: {context.CorrelationId}.");
        }
        catch (FrameTooLargeException exception)
        {
            // Nothing of that frame was sent: the worker is as good as before and goes back to the pool.
            healthy = true;
            throw TooLarge(step, context, exception);
        }
        catch (Exception exception) when (exception is EndOfStreamException or IOException)
        {
            throw Crashed(worker, step, context, exception);
        }
        catch (InvalidDataException exception)
        {
            LogWorkerLost(worker, context, $"broke the protocol ({exception.Message})");
            throw new PipelineException(
                ErrorCodes.SandboxCrashed,
                $"The sandbox worker running plug-in {step.TypeName} broke the protocol and was stopped. Correlation id: {context.CorrelationId}.",
                exception);
        }
        finally
        {
            // Once the registration is gone no kill can follow: a worker killed by it is not returned as healthy.
            stopOnCancel.Dispose();
            pool.Return(worker, nested, healthy && !cancellation.IsCancellationRequested);
        }
    }

    /// <summary>
    /// The step as it is registered now, with its unit's files once they pass the gate. A request dispatched on the
    /// step index read before an <c>assembly update</c> or <c>package update</c> names the old content, which the
    /// database no longer holds (the gate refuses it, the hashes differ): such a step runs on the new content instead,
    /// as a request that came a moment later would, rather than failing because of the update.
    /// </summary>
    private (StepRegistration Step, AdmittedUnit Admitted) Admit(StepRegistration step)
    {
        for (var redispatch = 0; ; redispatch++)
        {
            try
            {
                return (step, gate.Admit(step));
            }
            catch (PipelineException) when (redispatch < MaxRedispatches && Updated(step) is { } current)
            {
                step = current;
            }
        }
    }

    /// <summary>The step as registered now, if its unit's content differs from what <paramref name="step"/> names.</summary>
    private StepRegistration? Updated(StepRegistration step) =>
        steps.Refresh().Steps.TryGetValue(step.StepId, out var current) && current.Unit.Key != step.Unit.Key ? current : null;

    /// <summary>
    /// Reads the worker's frames until its result, serving traces and service calls on the way; the PluginHost codes of
    /// the faults it answered with go into <paramref name="servedFaults"/>.
    /// </summary>
    private ExecuteResult Converse(SandboxWorker worker, PluginServices services, HashSet<string> servedFaults)
    {
        var deadline = DateTime.UtcNow.AddSeconds(options.Value.Sandbox.ExecutionTimeoutSeconds);
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException();
            }

            var frame = worker.Channel.Receive(remaining);
            switch (frame.Type)
            {
                case FrameType.Result:
                    return ExecuteResult.Read(frame.Payload);
                case FrameType.Trace:
                    var line = Read(frame.Payload);
                    if (PluginLogEntry.ReadAfterLine(frame.Payload) is { } entry)
                    {
                        services.Logger.Relay(entry);
                    }
                    else
                    {
                        services.Tracing.Append(line);
                    }

                    break;
                case FrameType.ServiceCall:
                    var reply = Serve(ServiceCall.Read(frame.Payload), services);
                    if (reply.Fault is { } served)
                    {
                        servedFaults.Add(ServiceFaults.CodeOf(served));
                    }

                    SendReply(worker, reply, servedFaults);
                    break;
                default:
                    throw new InvalidDataException($"a worker may not send a {frame.Type} frame");
            }
        }
    }

    /// <summary>
    /// Sends the answer to a service call. An answer too large for the channel (a RetrieveMultiple of many large records)
    /// becomes a fault the plug-in can catch, instead of a frame the worker would refuse and a worker lost.
    /// </summary>
    private void SendReply(SandboxWorker worker, ServiceReply reply, HashSet<string> servedFaults)
    {
        try
        {
            reply.Write(worker.Channel.Begin(FrameType.ServiceReply));
        }
        catch (FrameTooLargeException exception)
        {
            var fault = ServiceFaults.Describe(
                ErrorCodes.PayloadTooLarge,
                $"The answer to this organization-service call is larger than the {FrameMegabytes} MB a sandboxed plug-in can receive (PluginHost:Sandbox:MaxFrameMegabytes): ask for fewer columns or a smaller page.");
            servedFaults.Add(ErrorCodes.PayloadTooLarge);
            logger.LogInformation("An organization-service answer to sandbox worker {Worker} did not fit the channel: {Reason}", worker.Number, exception.Message);
            new ServiceReply(null, fault).Write(worker.Channel.Begin(FrameType.ServiceReply));
        }

        worker.Channel.Send();
    }

    private int FrameMegabytes => options.Value.Sandbox.MaxFrameMegabytes;

    /// <summary>The failure of a step whose unit's file or context does not fit a frame; the worker was sent nothing of that frame.</summary>
    private PipelineException TooLarge(StepRegistration step, StepContext context, FrameTooLargeException exception) =>
        exception.FrameType == FrameType.LoadAssembly
            ? new PipelineException(
                ErrorCodes.PluginError,
                $"Step '{step.Name}' cannot run: a file of its {step.Unit.Description} is larger than the {FrameMegabytes} MB a sandbox worker can be sent (PluginHost:Sandbox:MaxFrameMegabytes); raise that setting. Correlation id: {context.CorrelationId}.",
                exception)
            : new PipelineException(
                ErrorCodes.PayloadTooLarge,
                $"The execution context for plug-in {step.TypeName} (the Target, its images and the other parameters, with those of the calls it is nested in) is larger than the {FrameMegabytes} MB a sandbox worker can be sent (PluginHost:Sandbox:MaxFrameMegabytes); nothing was saved. Correlation id: {context.CorrelationId}.",
                exception);

    private static string Read(BinaryReader payload)
    {
        try
        {
            return payload.ReadString();
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException("a Trace frame is truncated", exception);
        }
    }

    /// <summary>Runs one organization-service call of the sandboxed plug-in as a nested pipeline operation.</summary>
    private static ServiceReply Serve(ServiceCall call, PluginServices services)
    {
        var service = services.Factory.CreateOrganizationService(call.UserId);
        var parameters = call.Parameters;
        try
        {
            object? value = call.Operation switch
            {
                "Create" => service.Create(Require<Entity>(parameters, "Target")),
                "Retrieve" => Retrieve(service, Require<EntityReference>(parameters, "Target"), parameters),
                "Update" => Run(() => service.Update(Require<Entity>(parameters, "Target"))),
                "Delete" => Run(() => Delete(service, Require<EntityReference>(parameters, "Target"))),
                "RetrieveMultiple" => service.RetrieveMultiple(Require<QueryBase>(parameters, "Query")),
                "Execute" => service.Execute(Require<OrganizationRequest>(parameters, "Request")),
                ServiceEndpointCall.Operation => Notify(ServiceEndpointCall.Read(call), services),
                var other => throw PipelineException.BadRequest($"'{other}' is not an organization-service call"),
            };
            return new ServiceReply(value, null);
        }
        catch (FaultException<OrganizationServiceFault> exception)
        {
            // The in-process service's fault, the same one an in-process plug-in would catch.
            return new ServiceReply(null, exception.Detail);
        }
        catch (PipelineException exception)
        {
            return new ServiceReply(null, ServiceFaults.Describe(exception.Code, exception.Message, exception.FaultErrorCode));
        }
        catch (ArgumentException exception)
        {
            return new ServiceReply(null, ServiceFaults.Describe(ErrorCodes.BadRequest, exception.Message));
        }
        catch (ServiceEndpointException exception)
        {
            return new ServiceReply(null, ServiceFaults.Describe(ServiceEndpointCall.FailureCode, exception.Message));
        }
    }

    private static string Notify((EntityReference Endpoint, IPluginExecutionContext Context) call, PluginServices services) =>
        services.ServiceEndpoints.Post(call.Endpoint, call.Context);

    private static Entity Retrieve(IOrganizationService service, EntityReference target, ParameterCollection parameters) =>
        service.Retrieve(target.LogicalName, target.Id, parameters.TryGetValue("ColumnSet", out var columns) && columns is ColumnSet set ? set : new ColumnSet(true));

    private static void Delete(IOrganizationService service, EntityReference target) => service.Delete(target.LogicalName, target.Id);

    private static object? Run(Action call)
    {
        call();
        return null;
    }

    private static T Require<T>(ParameterCollection parameters, string name)
        where T : class =>
        parameters.TryGetValue(name, out var value) && value is T typed
            ? typed
            : throw PipelineException.BadRequest($"the organization-service call needs a {typeof(T).Name} as '{name}'");

    /// <summary>
    /// Copies what the plug-in changed into the operation, or turns its failure into the caller's error. A fault the
    /// plug-in let through keeps its code only if the host answered one of its calls with that code: a fault the
    /// plug-in made up is a plug-in error, so it cannot claim SandboxCrashed, Timeout or any other code.
    /// </summary>
    private void Apply(StepContext context, StepRegistration step, ExecuteResult result, HashSet<string> servedFaults)
    {
        switch (result.Outcome)
        {
            case ExecuteOutcome.Succeeded:
                Replace(context.InputParameters, result.InputParameters!);
                Replace(context.OutputParameters, result.OutputParameters!);
                Replace(context.SharedVariables, result.SharedVariables!);
                return;
            case ExecuteOutcome.PluginRefused:
                throw new InvalidPluginExecutionException(result.Status, result.Message ?? "The plug-in refused the operation.");
            case ExecuteOutcome.ServiceFault when result.Code is { } code && servedFaults.Contains(code):
                throw new PipelineException(code, result.Message ?? "An organization-service call failed.");
            case ExecuteOutcome.ServiceFault:
                throw new SandboxedPluginException(result.Message ?? $"{step.TypeName} threw a fault of its own", result.Details);
            case ExecuteOutcome.OutOfMemory:
                throw MemoryExceeded(step, context, new SandboxedPluginException(result.Message ?? "out of memory", result.Details));
            case ExecuteOutcome.CannotRun:
                // The type is missing, is no IPlugin or has no usable constructor: say so, as the in-process loader does.
                throw new PipelineException(ErrorCodes.PluginError, $"Step '{step.Name}' cannot run: {result.Message} ({step.Unit.Description}).");
            default:
                throw new SandboxedPluginException(result.Message ?? $"{step.TypeName} failed in the sandbox", result.Details);
        }
    }

    private static void Replace(ParameterCollection target, ParameterCollection source)
    {
        target.Clear();
        foreach (var pair in source)
        {
            target[pair.Key] = pair.Value;
        }
    }

    /// <summary>
    /// A warning per lost worker, at most one a minute per step: a plug-in that crashes its worker is the plug-in's
    /// failure, not the host's (the caller gets the error and the trace log the details), but an operator should see
    /// workers being replaced, without a line per request from a step that crashes every time.
    /// </summary>
    private void LogWorkerLost(SandboxWorker worker, StepContext context, string what)
    {
        if (throttle.ShouldLog($"{nameof(SandboxExecutor)}:{context.Step.StepId}", out var suppressed))
        {
            logger.LogWarning(
                "Sandbox worker {Worker} {What} while running step {StepId} ({PluginType}); it is replaced (correlation {CorrelationId}){Suppressed}",
                worker.Number,
                what,
                context.Step.StepId,
                context.Step.TypeName,
                context.CorrelationId,
                suppressed);
        }
    }

    /// <summary>The worker died mid-execution: out of memory if its runtime said so, crashed otherwise.</summary>
    private PipelineException Crashed(SandboxWorker worker, StepRegistration step, StepContext context, Exception cause)
    {
        var exitCode = worker.WaitForExit(ExitWait)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown";
        LogWorkerLost(worker, context, $"ended with exit code {exitCode}");
        var stderr = worker.StderrTail;
        var details = new SandboxedPluginException($"sandbox worker ended (exit code {exitCode})", stderr, cause);
        return stderr.Contains("OutOfMemory", StringComparison.OrdinalIgnoreCase) || stderr.Contains("Out of memory", StringComparison.OrdinalIgnoreCase)
            ? MemoryExceeded(step, context, details)
            : new PipelineException(
                ErrorCodes.SandboxCrashed,
                $"The sandbox worker running plug-in {step.TypeName} crashed (for example a stack overflow or a forced exit); it was replaced and nothing was saved. Correlation id: {context.CorrelationId}.",
                details);
    }

    private PipelineException MemoryExceeded(StepRegistration step, StepContext context, Exception details) =>
        new(
            ErrorCodes.SandboxMemoryExceeded,
            $"Plug-in {step.TypeName} exceeded the sandbox memory limit of {options.Value.Sandbox.MemoryLimitMb} MB; its worker was replaced and nothing was saved. Correlation id: {context.CorrelationId}.",
            details);
}

/// <summary>A sandboxed plug-in's failure as the worker described it; <see cref="ToString"/> gives its remote details.</summary>
internal sealed class SandboxedPluginException(string message, string? details, Exception? inner = null) : Exception(message, inner)
{
    public override string ToString() => string.IsNullOrEmpty(details) ? base.ToString() : $"{Message}\n{details}";
}
