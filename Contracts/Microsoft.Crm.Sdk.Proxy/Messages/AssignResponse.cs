using Microsoft.Xrm.Sdk;

namespace Microsoft.Crm.Sdk.Messages;

/// <summary>The response to a <see cref="AssignRequest"/>.</summary>
public sealed class AssignResponse : OrganizationResponse
{
    /// <summary>Initializes a new Assign response.</summary>
    public AssignResponse()
    {
        ResponseName = "Assign";
    }
}
