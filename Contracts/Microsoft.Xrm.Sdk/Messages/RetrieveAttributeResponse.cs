using Microsoft.Xrm.Sdk.Metadata;

namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The response to a <see cref="RetrieveAttributeRequest"/>.</summary>
public sealed class RetrieveAttributeResponse : OrganizationResponse
{
    /// <summary>Initializes a new RetrieveAttribute response.</summary>
    public RetrieveAttributeResponse()
    {
        ResponseName = "RetrieveAttribute";
    }

    /// <summary>Gets the metadata asked for.</summary>
    public AttributeMetadata AttributeMetadata => ParameterValues.Get<AttributeMetadata>(Results, "AttributeMetadata")!;
}
