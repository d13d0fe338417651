using Microsoft.Xrm.Sdk.Query;

namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The request that retrieves the records a query matches; run it with <see cref="IOrganizationService.Execute(OrganizationRequest)"/>.</summary>
public sealed class RetrieveMultipleRequest : OrganizationRequest
{
    /// <summary>Initializes a new RetrieveMultiple request.</summary>
    public RetrieveMultipleRequest()
        : base("RetrieveMultiple")
    {
    }

    /// <summary>Gets or sets the query.</summary>
    public QueryBase? Query
    {
        get => ParameterValues.Get<QueryBase>(Parameters, "Query");
        set => Parameters["Query"] = value;
    }
}
