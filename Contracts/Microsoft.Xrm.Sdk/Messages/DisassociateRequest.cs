namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The request that removes links made through a many-to-many relationship; run it with <see cref="IOrganizationService.Execute(OrganizationRequest)"/>.</summary>
public sealed class DisassociateRequest : OrganizationRequest
{
    /// <summary>Initializes a new Disassociate request.</summary>
    public DisassociateRequest()
        : base("Disassociate")
    {
    }

    /// <summary>Gets or sets the record to unlink from.</summary>
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

    /// <summary>Gets or sets the records to unlink.</summary>
    public EntityReferenceCollection? RelatedEntities
    {
        get => ParameterValues.Get<EntityReferenceCollection>(Parameters, "RelatedEntities");
        set => Parameters["RelatedEntities"] = value;
    }
}
