using Microsoft.Xrm.Sdk.Query;

namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The response to a <see cref="RetrieveMultipleRequest"/>.</summary>
public sealed class RetrieveMultipleResponse : OrganizationResponse
{
    /// <summary>Initializes a new RetrieveMultiple response.</summary>
    public RetrieveMultipleResponse()
    {
        ResponseName = "RetrieveMultiple";
    }

    /// <summary>Gets the records.</summary>
    public EntityCollection EntityCollection => ParameterValues.Get<EntityCollection>(Results, "EntityCollection")!;
}
