namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The response to a <see cref="AssociateRequest"/>.</summary>
public sealed class AssociateResponse : OrganizationResponse
{
    /// <summary>Initializes a new Associate response.</summary>
    public AssociateResponse()
    {
        ResponseName = "Associate";
    }
}
