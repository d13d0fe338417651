using Microsoft.Xrm.Sdk;

namespace Microsoft.Crm.Sdk.Messages;

/// <summary>The request that gives a record a new owner; run it with <see cref="IOrganizationService.Execute(OrganizationRequest)"/>.</summary>
public sealed class AssignRequest : OrganizationRequest
{
    /// <summary>Initializes a new Assign request.</summary>
    public AssignRequest()
        : base("Assign")
    {
    }

    /// <summary>Gets or sets the record.</summary>
    public EntityReference? Target
    {
        get => ParameterValues.Get<EntityReference>(Parameters, "Target");
        set => Parameters["Target"] = value;
    }

    /// <summary>Gets or sets the new owner (a systemuser or team).</summary>
    public EntityReference? Assignee
    {
        get => ParameterValues.Get<EntityReference>(Parameters, "Assignee");
        set => Parameters["Assignee"] = value;
    }
}
