using Microsoft.Xrm.Sdk;

namespace Microsoft.Crm.Sdk.Messages;

/// <summary>The response to a <see cref="LocalTimeFromUtcTimeRequest"/>.</summary>
public sealed class LocalTimeFromUtcTimeResponse : OrganizationResponse
{
    /// <summary>Initializes a new LocalTimeFromUtcTime response.</summary>
    public LocalTimeFromUtcTimeResponse()
    {
        ResponseName = "LocalTimeFromUtcTime";
    }

    /// <summary>Gets the local time.</summary>
    public DateTime LocalTime => ParameterValues.Get<DateTime>(Results, "LocalTime");
}
