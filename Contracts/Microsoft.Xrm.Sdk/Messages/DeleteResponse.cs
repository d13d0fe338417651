namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The response to a <see cref="DeleteRequest"/>.</summary>
public sealed class DeleteResponse : OrganizationResponse
{
    /// <summary>Initializes a new Delete response.</summary>
    public DeleteResponse()
    {
        ResponseName = "Delete";
    }
}
