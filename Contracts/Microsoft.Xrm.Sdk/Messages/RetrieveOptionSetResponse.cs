using Microsoft.Xrm.Sdk.Metadata;

namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The response to a <see cref="RetrieveOptionSetRequest"/>.</summary>
public sealed class RetrieveOptionSetResponse : OrganizationResponse
{
    /// <summary>Initializes a new RetrieveOptionSet response.</summary>
    public RetrieveOptionSetResponse()
    {
        ResponseName = "RetrieveOptionSet";
    }

    /// <summary>Gets the metadata asked for.</summary>
    public OptionSetMetadata OptionSetMetadata => ParameterValues.Get<OptionSetMetadata>(Results, "OptionSetMetadata")!;
}
