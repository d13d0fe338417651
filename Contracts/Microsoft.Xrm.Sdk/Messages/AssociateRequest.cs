namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The request that links records through a many-to-many relationship; run it with <see cref="IOrganizationService.Execute(OrganizationRequest)"/>.</summary>
public sealed class AssociateRequest : OrganizationRequest
{
    /// <summary>Initializes a new Associate request.</summary>
    public AssociateRequest()
        : base("Associate")
    {
    }

    /// <summary>Gets or sets the record to link from.</summary>
    public EntityReference? Target
    {
        get => ParameterValues.Get<EntityReference>(Parameters, "Target");
        set => Parameters["Target"] = value;
    }

    /// <summary>Gets or sets the relationship.</summary>
    public Relationship? Relationship
    {
        get => ParameterValues.Get<Relationship>(Parameters, "Relationship");
        set => Parameters["Relationship"] = value;
    }

    /// <summary>Gets or sets the records to link to.</summary>
    public EntityReferenceCollection? RelatedEntities
    {
        get => ParameterValues.Get<EntityReferenceCollection>(Parameters, "RelatedEntities");
        set => Parameters["RelatedEntities"] = value;
    }
}
