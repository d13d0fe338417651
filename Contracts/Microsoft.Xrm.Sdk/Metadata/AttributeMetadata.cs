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

    /// <summary>Gets or sets a value indicating whether the attribute was added by a customization rather than shipped with the entity.</summary>
    public bool? IsCustomAttribute { get; set; }

    /// <summary>Gets or sets a value indicating whether a value can be given to the attribute when a record is created.</summary>
    public bool? IsValidForCreate { get; set; }

    /// <summary>Gets or sets a value indicating whether the attribute's value can be read.</summary>
    public bool? IsValidForRead { get; set; }

    /// <summary>Gets or sets a value indicating whether the attribute's value can be changed by an update.</summary>
    public bool? IsValidForUpdate { get; set; }

    /// <summary>Gets or sets the logical name of the attribute this one belongs to, such as the lookup whose name it holds; null when independent.</summary>
    public string? AttributeOf { get; set; }
}
