namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The request for an attribute's metadata, such as a choice's options and labels; PluginHost keeps no metadata, so it runs only when a custom message of this name gives it a main operation.</summary>
public sealed class RetrieveAttributeRequest : OrganizationRequest
{
    /// <summary>Initializes a new RetrieveAttribute request.</summary>
    public RetrieveAttributeRequest()
        : base("RetrieveAttribute")
    {
    }

    /// <summary>Gets or sets the logical name of the attribute's entity.</summary>
    public string? EntityLogicalName
    {
        get => ParameterValues.Get<string>(Parameters, "EntityLogicalName");
        set => Parameters["EntityLogicalName"] = value;
    }

    /// <summary>Gets or sets the attribute's logical name.</summary>
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

    /// <summary>Gets or sets a value indicating whether unpublished changes are included.</summary>
    public bool RetrieveAsIfPublished
    {
        get => ParameterValues.Get<bool>(Parameters, "RetrieveAsIfPublished");
        set => Parameters["RetrieveAsIfPublished"] = value;
    }
}
