namespace Microsoft.Xrm.Sdk.Metadata;

/// <summary>The metadata of a record's state attribute.</summary>
public sealed class StateAttributeMetadata : EnumAttributeMetadata
{
}
