namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The request that updates a record when it exists and creates it otherwise; run it with <see cref="IOrganizationService.Execute(OrganizationRequest)"/>.</summary>
public sealed class UpsertRequest : OrganizationRequest
{
    /// <summary>Initializes a new Upsert request.</summary>
    public UpsertRequest()
        : base("Upsert")
    {
    }

    /// <summary>Gets or sets the record, with its id.</summary>
    public Entity? Target
    {
        get => ParameterValues.Get<Entity>(Parameters, "Target");
        set => Parameters["Target"] = value;
    }
}
