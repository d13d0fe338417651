using Microsoft.Xrm.Sdk;
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
        if (reply.ErrorCode == ServiceEndpointCall.FailureCode)
        {
            throw ServiceEndpointCall.Failure(reply.ErrorMessage ?? "The service endpoint notification failed.");
        }

        if (!reply.Succeeded)
        {
            throw new OrganizationServiceFaultException(reply.ErrorCode!, reply.ErrorMessage ?? reply.ErrorCode!);
        }

        return reply.Value as string ?? throw new InvalidDataException($"the host answered {ServiceEndpointCall.Operation} with {reply.Value?.GetType().Name ?? "nothing"}, not a string");
    }
}
