using Microsoft.Xrm.Sdk;

namespace Microsoft.Crm.Sdk.Messages;

/// <summary>The response to a <see cref="SetStateRequest"/>.</summary>
public sealed class SetStateResponse : OrganizationResponse
{
    /// <summary>Initializes a new SetState response.</summary>
    public SetStateResponse()
    {
        ResponseName = "SetState";
    }
}
