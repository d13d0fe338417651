using Microsoft.Xrm.Sdk;
using PluginHost.Sandbox.Protocol.Messages;
using PluginHost.Sandbox.Protocol.Wire;

namespace PluginHost.SandboxRunner;

/// <summary>A sandboxed plug-in's service-endpoint notifications: the worker has no network, so the host posts them.</summary>
internal sealed class RemoteServiceEndpoints(Worker worker) : IServiceEndpointNotificationService
{
    public string Execute(EntityReference serviceEndpoint, IExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(serviceEndpoint);
        ArgumentNullException.ThrowIfNull(context);
        var reply = worker.Call(ServiceEndpointCall.Create(serviceEndpoint, context));
        if (reply.Fault is { } fault)
        {
            throw ServiceFaults.CodeOf(fault) == ServiceEndpointCall.FailureCode
                ? ServiceEndpointCall.Failure(fault.Message ?? "The service endpoint notification failed.")
                : ServiceFaults.Exception(fault);
        }

        return reply.Value as string ?? throw new InvalidDataException($"the host answered {ServiceEndpointCall.Operation} with {reply.Value?.GetType().Name ?? "nothing"}, not a string");
    }
}
