namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The response to a <see cref="UpdateRequest"/>.</summary>
public sealed class UpdateResponse : OrganizationResponse
{
    /// <summary>Initializes a new Update response.</summary>
    public UpdateResponse()
    {
        ResponseName = "Update";
    }
}
