namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The request that deletes a record; run it with <see cref="IOrganizationService.Execute(OrganizationRequest)"/>.</summary>
public sealed class DeleteRequest : OrganizationRequest
{
    /// <summary>Initializes a new Delete request.</summary>
    public DeleteRequest()
        : base("Delete")
    {
    }

    /// <summary>Gets or sets the record to delete.</summary>
    public EntityReference? Target
    {
        get => ParameterValues.Get<EntityReference>(Parameters, "Target");
        set => Parameters["Target"] = value;
    }
}
