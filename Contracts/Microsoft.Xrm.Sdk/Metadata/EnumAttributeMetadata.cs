namespace Microsoft.Xrm.Sdk.Metadata;

/// <summary>The metadata of an attribute whose values are the options of an option set.</summary>
public abstract class EnumAttributeMetadata : AttributeMetadata
{
    /// <summary>Gets or sets the attribute's options.</summary>
    public OptionSetMetadata? OptionSet { get; set; }

    /// <summary>Gets or sets the option a new record's form starts with.</summary>
    public int? DefaultFormValue { get; set; }
}
