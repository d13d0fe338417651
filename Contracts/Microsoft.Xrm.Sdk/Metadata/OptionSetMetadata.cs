namespace Microsoft.Xrm.Sdk.Metadata;

/// <summary>A choice's set of options, local to one attribute or global.</summary>
public class OptionSetMetadata : MetadataBase
{
    /// <summary>Gets or sets the option set's name.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the option set's display name.</summary>
    public Label? DisplayName { get; set; }

    /// <summary>Gets or sets a value indicating whether the option set is global (shared by attributes).</summary>
    public bool? IsGlobal { get; set; }

    /// <summary>Gets the options, in order.</summary>
    public OptionMetadataCollection Options { get; } = [];
}
