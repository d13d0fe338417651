namespace Microsoft.Xrm.Sdk;

/// <summary>
/// The attributes of an <see cref="Entity"/> by logical name. Values are null, string, bool, int, long, double, decimal,
/// DateTime (UTC), Guid, <see cref="EntityReference"/>, <see cref="OptionSetValue"/>, <see cref="Money"/>,
/// <see cref="Entity"/>, <see cref="EntityCollection"/> or arrays of these; anything else cannot reach a sandbox or the store.
/// </summary>
public sealed class AttributeCollection : DataCollection<string, object?>
{
    /// <summary>Initializes a new, empty collection.</summary>
    public AttributeCollection()
        : base("attribute", allowsNull: true)
    {
    }
}
