namespace Microsoft.Xrm.Sdk;

/// <summary>Posts an execution context to a registered service endpoint (a webhook) and returns its answer.</summary>
public interface IServiceEndpointNotificationService
{
    /// <summary>Posts <paramref name="context"/> as JSON to the endpoint <paramref name="serviceEndpoint"/> names by id or by <see cref="EntityReference.Name"/>, and returns the response body.</summary>
    string Execute(EntityReference serviceEndpoint, IExecutionContext context);
}
