namespace Microsoft.Xrm.Sdk.Metadata;

/// <summary>An entity's metadata: its names, primary attributes and, when asked for, its attributes.</summary>
public sealed class EntityMetadata : MetadataBase
{
    /// <summary>Gets or sets the entity's logical name.</summary>
    public string? LogicalName { get; set; }

    /// <summary>Gets or sets the entity's schema name.</summary>
    public string? SchemaName { get; set; }

    /// <summary>Gets or sets the entity's display name.</summary>
    public Label? DisplayName { get; set; }

    /// <summary>Gets or sets the entity's type code.</summary>
    public int? ObjectTypeCode { get; set; }

    /// <summary>Gets or sets the logical name of the entity's id attribute.</summary>
    public string? PrimaryIdAttribute { get; set; }

    /// <summary>Gets or sets the logical name of the entity's name attribute.</summary>
    public string? PrimaryNameAttribute { get; set; }

    /// <summary>Gets or sets the entity's collection name in the Web API.</summary>
    public string? EntitySetName { get; set; }

    /// <summary>Gets or sets a value indicating whether the entity is an activity.</summary>
    public bool? IsActivity { get; set; }

    /// <summary>Gets or sets the entity's attributes, when the request asked for them.</summary>
    public AttributeMetadata[]? Attributes { get; set; }
}
