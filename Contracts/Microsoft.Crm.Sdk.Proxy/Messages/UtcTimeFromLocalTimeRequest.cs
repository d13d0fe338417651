using Microsoft.Xrm.Sdk;

namespace Microsoft.Crm.Sdk.Messages;

/// <summary>The request that converts a time zone's local time to UTC; run it with <see cref="IOrganizationService.Execute(OrganizationRequest)"/>.</summary>
public sealed class UtcTimeFromLocalTimeRequest : OrganizationRequest
{
    /// <summary>Initializes a new UtcTimeFromLocalTime request.</summary>
    public UtcTimeFromLocalTimeRequest()
        : base("UtcTimeFromLocalTime")
    {
    }

    /// <summary>Gets or sets the Dataverse time zone code.</summary>
    public int TimeZoneCode
    {
        get => ParameterValues.Get<int>(Parameters, "TimeZoneCode");
        set => Parameters["TimeZoneCode"] = value;
    }

    /// <summary>Gets or sets the local time.</summary>
    public DateTime LocalTime
    {
        get => ParameterValues.Get<DateTime>(Parameters, "LocalTime");
        set => Parameters["LocalTime"] = value;
    }
}
