using Microsoft.Xrm.Sdk;

namespace Microsoft.Crm.Sdk.Messages;

/// <summary>The request that converts a UTC time to a time zone's local time; run it with <see cref="IOrganizationService.Execute(OrganizationRequest)"/>.</summary>
public sealed class LocalTimeFromUtcTimeRequest : OrganizationRequest
{
    /// <summary>Initializes a new LocalTimeFromUtcTime request.</summary>
    public LocalTimeFromUtcTimeRequest()
        : base("LocalTimeFromUtcTime")
    {
    }

    /// <summary>Gets or sets the Dataverse time zone code.</summary>
    public int TimeZoneCode
    {
        get => ParameterValues.Get<int>(Parameters, "TimeZoneCode");
        set => Parameters["TimeZoneCode"] = value;
    }

    /// <summary>Gets or sets the UTC time.</summary>
    public DateTime UtcTime
    {
        get => ParameterValues.Get<DateTime>(Parameters, "UtcTime");
        set => Parameters["UtcTime"] = value;
    }
}
