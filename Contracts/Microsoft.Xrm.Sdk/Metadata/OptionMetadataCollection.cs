namespace Microsoft.Xrm.Sdk.Metadata;

/// <summary>The options of a choice, in order.</summary>
public sealed class OptionMetadataCollection : DataCollection<OptionMetadata>
{
}
