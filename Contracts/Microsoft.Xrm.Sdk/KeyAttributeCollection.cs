namespace Microsoft.Xrm.Sdk;

/// <summary>Alternate-key attribute values that identify a record instead of its id, by attribute logical name.</summary>
public sealed class KeyAttributeCollection : DataCollection<string, object?>
{
    /// <summary>Initializes a new, empty collection.</summary>
    public KeyAttributeCollection()
        : base("key attribute", allowsNull: true)
    {
    }
}
