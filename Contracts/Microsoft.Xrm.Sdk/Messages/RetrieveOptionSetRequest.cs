namespace Microsoft.Xrm.Sdk.Messages;

/// <summary>The request for a global option set's metadata; PluginHost keeps no metadata, so it runs only when a custom message of this name gives it a main operation.</summary>
public sealed class RetrieveOptionSetRequest : OrganizationRequest
{
    /// <summary>Initializes a new RetrieveOptionSet request.</summary>
    public RetrieveOptionSetRequest()
        : base("RetrieveOptionSet")
    {
    }

    /// <summary>Gets or sets the option set's name.</summary>
    public string? Name
    {
        get => ParameterValues.Get<string>(Parameters, "Name");
        set => Parameters["Name"] = value;
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
