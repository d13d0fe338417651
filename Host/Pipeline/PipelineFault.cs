using System.ServiceModel;
using Microsoft.Xrm.Sdk;
using PluginHost.Sandbox.Protocol.Messages;

namespace PluginHost.Host.Pipeline;

/// <summary>
/// A failed organization-service call as an in-process plug-in sees it: the <see cref="FaultException{OrganizationServiceFault}"/>
/// Dataverse plug-ins catch, still holding the pipeline's own error so that, let through, it fails the step exactly as before.
/// </summary>
internal sealed class PipelineFault(PipelineException cause)
    : FaultException<OrganizationServiceFault>(
        ServiceFaults.Describe(cause.Code, cause.Message, cause.FaultErrorCode),
        new FaultReason(cause.Message))
{
    /// <summary>The pipeline's error behind this fault.</summary>
    public PipelineException Cause { get; } = cause;
}
