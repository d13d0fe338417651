namespace Microsoft.Xrm.Sdk;

/// <summary>The execution context with the user who authenticated the request.</summary>
public interface IPluginExecutionContext3 : IPluginExecutionContext2
{
    /// <summary>Gets the id of the user who authenticated the request: on PluginHost the initiating user.</summary>
    Guid AuthenticatedUserId { get; }
}
