using Microsoft.Xrm.Sdk.Metadata;

namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The request for an entity's metadata; PluginHost keeps no metadata, so it runs only when a custom message of this name gives it a main operation.</summary>
public sealed class RetrieveEntityRequest : OrganizationRequest
{
    /// <summary>Initializes a new RetrieveEntity request.</summary>
    public RetrieveEntityRequest()
        : base("RetrieveEntity")
    {
    }

    /// <summary>Gets or sets the entity's logical name.</summary>
    public string? LogicalName
    {
        get => ParameterValues.Get<string>(Parameters, "LogicalName");
        set => Parameters["LogicalName"] = value;
    }

    /// <summary>Gets or sets the id of the metadata item, instead of its name.</summary>
    public Guid MetadataId
    {
        get => ParameterValues.Get<Guid>(Parameters, "MetadataId");
        set => Parameters["MetadataId"] = value;
    }

    /// <summary>Gets or sets which parts of the metadata to return.</summary>
    public EntityFilters EntityFilters
    {
        get => (EntityFilters)ParameterValues.Get<int>(Parameters, "EntityFilters");
        set => Parameters["EntityFilters"] = (int)value;
    }

    /// <summary>Gets or sets a value indicating whether unpublished changes are included.</summary>
    public bool RetrieveAsIfPublished
    {
        get => ParameterValues.Get<bool>(Parameters, "RetrieveAsIfPublished");
        set => Parameters["RetrieveAsIfPublished"] = value;
    }
}
