namespace Microsoft.Xrm.Sdk.Metadata;

/// <summary>The metadata of a choice attribute.</summary>
public sealed class PicklistAttributeMetadata : EnumAttributeMetadata
{
}
