namespace Microsoft.Xrm.Sdk.Metadata;

/// <summary>The metadata of a record's status-reason attribute.</summary>
public sealed class StatusAttributeMetadata : EnumAttributeMetadata
{
}
