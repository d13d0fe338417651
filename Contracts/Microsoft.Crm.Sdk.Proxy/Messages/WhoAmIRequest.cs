using Microsoft.Xrm.Sdk;

namespace Microsoft.Crm.Sdk.Messages;

/// <summary>The request that tells the calling user's id; run it with <see cref="IOrganizationService.Execute(OrganizationRequest)"/>.</summary>
public sealed class WhoAmIRequest : OrganizationRequest
{
    /// <summary>Initializes a new WhoAmI request.</summary>
    public WhoAmIRequest()
        : base("WhoAmI")
    {
    }
}
