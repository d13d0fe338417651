namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The request that updates the attributes present in a record; run it with <see cref="IOrganizationService.Execute(OrganizationRequest)"/>.</summary>
public sealed class UpdateRequest : OrganizationRequest
{
    /// <summary>Initializes a new Update request.</summary>
    public UpdateRequest()
        : base("Update")
    {
    }

    /// <summary>Gets or sets the attributes to change, with the record's id.</summary>
    public Entity? Target
    {
        get => ParameterValues.Get<Entity>(Parameters, "Target");
        set => Parameters["Target"] = value;
    }
}
