namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The request that runs several requests in one transaction: all succeed or none do; run it with <see cref="IOrganizationService.Execute(OrganizationRequest)"/>.</summary>
public sealed class ExecuteTransactionRequest : OrganizationRequest
{
    /// <summary>Initializes a new ExecuteTransaction request.</summary>
    public ExecuteTransactionRequest()
        : base("ExecuteTransaction")
    {
    }

    /// <summary>Gets or sets the requests, run in order.</summary>
    public OrganizationRequestCollection? Requests
    {
        get => ParameterValues.Get<OrganizationRequestCollection>(Parameters, "Requests");
        set => Parameters["Requests"] = value;
    }

    /// <summary>Gets or sets whether to return the responses.</summary>
    public bool? ReturnResponses
    {
        get => ParameterValues.Get<bool?>(Parameters, "ReturnResponses");
        set => Parameters["ReturnResponses"] = value;
    }
}
