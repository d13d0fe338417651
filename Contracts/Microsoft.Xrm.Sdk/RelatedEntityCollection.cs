namespace Microsoft.Xrm.Sdk;

/// <summary>The records related to an <see cref="Entity"/>, by relationship.</summary>
public sealed class RelatedEntityCollection : DataCollection<Relationship, EntityCollection>
{
    /// <summary>Initializes a new, empty collection.</summary>
    public RelatedEntityCollection()
        : base("relationship", allowsNull: false)
    {
    }
}
