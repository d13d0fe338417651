namespace Microsoft.Xrm.Sdk.Metadata;

/// <summary>The metadata of a multi-select choice attribute.</summary>
public sealed class MultiSelectPicklistAttributeMetadata : EnumAttributeMetadata
{
}
