using Microsoft.Xrm.Sdk;

namespace Microsoft.Crm.Sdk.Messages;

/// <summary>The request that sets a record's state and status; run it with <see cref="IOrganizationService.Execute(OrganizationRequest)"/>.</summary>
public sealed class SetStateRequest : OrganizationRequest
{
    /// <summary>Initializes a new SetState request.</summary>
    public SetStateRequest()
        : base("SetState")
    {
    }

    /// <summary>Gets or sets the record.</summary>
    public EntityReference? EntityMoniker
    {
        get => ParameterValues.Get<EntityReference>(Parameters, "EntityMoniker");
        set => Parameters["EntityMoniker"] = value;
    }

    /// <summary>Gets or sets the new statecode.</summary>
    public OptionSetValue? State
    {
        get => ParameterValues.Get<OptionSetValue>(Parameters, "State");
        set => Parameters["State"] = value;
    }

    /// <summary>Gets or sets the new statuscode.</summary>
    public OptionSetValue? Status
    {
        get => ParameterValues.Get<OptionSetValue>(Parameters, "Status");
        set => Parameters["Status"] = value;
    }
}
