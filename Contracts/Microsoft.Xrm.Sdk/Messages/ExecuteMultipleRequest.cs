namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The request that runs several requests in turn; run it with <see cref="IOrganizationService.Execute(OrganizationRequest)"/>.</summary>
public sealed class ExecuteMultipleRequest : OrganizationRequest
{
    /// <summary>Initializes a new ExecuteMultiple request.</summary>
    public ExecuteMultipleRequest()
        : base("ExecuteMultiple")
    {
    }

    /// <summary>Gets or sets the requests, run in order.</summary>
    public OrganizationRequestCollection? Requests
    {
        get => ParameterValues.Get<OrganizationRequestCollection>(Parameters, "Requests");
        set => Parameters["Requests"] = value;
    }

    /// <summary>Gets or sets whether to continue after a failure and to return responses.</summary>
    public ExecuteMultipleSettings? Settings
    {
        get => ParameterValues.Get<ExecuteMultipleSettings>(Parameters, "Settings");
        set => Parameters["Settings"] = value;
    }
}
