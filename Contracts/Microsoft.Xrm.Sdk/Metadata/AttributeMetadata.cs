namespace Microsoft.Xrm.Sdk.Metadata;

/// <summary>An attribute's metadata: its names, display name and type.</summary>
public class AttributeMetadata : MetadataBase
{
    /// <summary>Gets or sets the attribute's logical name.</summary>
    public string? LogicalName { get; set; }

    /// <summary>Gets or sets the attribute's schema name.</summary>
    public string? SchemaName { get; set; }

    /// <summary>Gets or sets the logical name of the entity the attribute belongs to.</summary>
    public string? EntityLogicalName { get; set; }

    /// <summary>Gets or sets the attribute's display name.</summary>
    public Label? DisplayName { get; set; }

    /// <summary>Gets or sets the attribute's description.</summary>
    public Label? Description { get; set; }

    /// <summary>Gets or sets the attribute's type.</summary>
    public AttributeTypeCode? AttributeType { get; set; }

    /// <summary>Gets or sets a value indicating whether the attribute is the entity's primary id.</summary>
    public bool? IsPrimaryId { get; set; }

    /// <summary>Gets or sets a value indicating whether the attribute is the entity's primary name.</summary>
    public bool? IsPrimaryName { get; set; }
}
