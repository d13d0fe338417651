using Microsoft.Xrm.Sdk.Metadata;

namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The response to a <see cref="RetrieveEntityRequest"/>.</summary>
public sealed class RetrieveEntityResponse : OrganizationResponse
{
    /// <summary>Initializes a new RetrieveEntity response.</summary>
    public RetrieveEntityResponse()
    {
        ResponseName = "RetrieveEntity";
    }

    /// <summary>Gets the metadata asked for.</summary>
    public EntityMetadata EntityMetadata => ParameterValues.Get<EntityMetadata>(Results, "EntityMetadata")!;
}
