namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The response to a <see cref="DisassociateRequest"/>.</summary>
public sealed class DisassociateResponse : OrganizationResponse
{
    /// <summary>Initializes a new Disassociate response.</summary>
    public DisassociateResponse()
    {
        ResponseName = "Disassociate";
    }
}
