namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The response to a <see cref="ExecuteTransactionRequest"/>.</summary>
public sealed class ExecuteTransactionResponse : OrganizationResponse
{
    /// <summary>Initializes a new ExecuteTransaction response.</summary>
    public ExecuteTransactionResponse()
    {
        ResponseName = "ExecuteTransaction";
    }

    /// <summary>Gets the responses, in request order, when asked for.</summary>
    public OrganizationResponseCollection Responses => ParameterValues.Get<OrganizationResponseCollection>(Results, "Responses")!;
}
