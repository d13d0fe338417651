namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The response to a <see cref="ExecuteMultipleRequest"/>.</summary>
public sealed class ExecuteMultipleResponse : OrganizationResponse
{
    /// <summary>Initializes a new ExecuteMultiple response.</summary>
    public ExecuteMultipleResponse()
    {
        ResponseName = "ExecuteMultiple";
    }

    /// <summary>Gets the outcome of each request that failed, and of each that succeeded when responses were asked for.</summary>
    public ExecuteMultipleResponseItemCollection Responses => ParameterValues.Get<ExecuteMultipleResponseItemCollection>(Results, "Responses")!;

    /// <summary>Gets whether any request failed.</summary>
    public bool IsFaulted => ParameterValues.Get<bool>(Results, "IsFaulted");
}
