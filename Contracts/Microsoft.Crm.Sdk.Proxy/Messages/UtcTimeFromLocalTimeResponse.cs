using Microsoft.Xrm.Sdk;

namespace Microsoft.Crm.Sdk.Messages;

/// <summary>The response to a <see cref="UtcTimeFromLocalTimeRequest"/>.</summary>
public sealed class UtcTimeFromLocalTimeResponse : OrganizationResponse
{
    /// <summary>Initializes a new UtcTimeFromLocalTime response.</summary>
    public UtcTimeFromLocalTimeResponse()
    {
        ResponseName = "UtcTimeFromLocalTime";
    }

    /// <summary>Gets the UTC time.</summary>
    public DateTime UtcTime => ParameterValues.Get<DateTime>(Results, "UtcTime");
}
