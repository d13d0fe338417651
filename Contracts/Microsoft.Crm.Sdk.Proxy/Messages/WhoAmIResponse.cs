using Microsoft.Xrm.Sdk;

namespace Microsoft.Crm.Sdk.Messages;

/// <summary>The response to a <see cref="WhoAmIRequest"/>.</summary>
public sealed class WhoAmIResponse : OrganizationResponse
{
    /// <summary>Initializes a new WhoAmI response.</summary>
    public WhoAmIResponse()
    {
        ResponseName = "WhoAmI";
    }

    /// <summary>Gets the calling user's id.</summary>
    public Guid UserId => ParameterValues.Get<Guid>(Results, "UserId");

    /// <summary>Gets the user's business unit (Guid.Empty on PluginHost, which has none).</summary>
    public Guid BusinessUnitId => ParameterValues.Get<Guid>(Results, "BusinessUnitId");

    /// <summary>Gets the organization's id (Guid.Empty on PluginHost, which has one organization).</summary>
    public Guid OrganizationId => ParameterValues.Get<Guid>(Results, "OrganizationId");
}
