namespace Microsoft.Xrm.Sdk.Metadata;

/// <summary>What every metadata item has: its id.</summary>
public abstract class MetadataBase
{
    /// <summary>Gets or sets the item's id.</summary>
    public Guid? MetadataId { get; set; }

    /// <summary>Gets or sets a value indicating whether the item changed since a given version; null when not asked.</summary>
    public bool? HasChanged { get; set; }
}
