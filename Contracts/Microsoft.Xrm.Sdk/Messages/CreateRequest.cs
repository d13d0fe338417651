namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The request that creates a record; run it with <see cref="IOrganizationService.Execute(OrganizationRequest)"/>.</summary>
public sealed class CreateRequest : OrganizationRequest
{
    /// <summary>Initializes a new Create request.</summary>
    public CreateRequest()
        : base("Create")
    {
    }

    /// <summary>Gets or sets the record to create; its id is used when set.</summary>
    public Entity? Target
    {
        get => ParameterValues.Get<Entity>(Parameters, "Target");
        set => Parameters["Target"] = value;
    }
}
