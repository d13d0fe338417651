using Microsoft.Xrm.Sdk.Query;

namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The request that retrieves one record; run it with <see cref="IOrganizationService.Execute(OrganizationRequest)"/>.</summary>
public sealed class RetrieveRequest : OrganizationRequest
{
    /// <summary>Initializes a new Retrieve request.</summary>
    public RetrieveRequest()
        : base("Retrieve")
    {
    }

    /// <summary>Gets or sets the record to retrieve.</summary>
    public EntityReference? Target
    {
        get => ParameterValues.Get<EntityReference>(Parameters, "Target");
        set => Parameters["Target"] = value;
    }

    /// <summary>Gets or sets the columns to return.</summary>
    public ColumnSet? ColumnSet
    {
        get => ParameterValues.Get<ColumnSet>(Parameters, "ColumnSet");
        set => Parameters["ColumnSet"] = value;
    }
}
