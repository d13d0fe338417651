namespace Microsoft.Xrm.Sdk;

/// <summary>Snapshots of a record by the alias their image was registered under; an image is never null.</summary>
public sealed class EntityImageCollection : DataCollection<string, Entity>
{
    /// <summary>Initializes a new, empty collection.</summary>
    public EntityImageCollection()
        : base("image", allowsNull: false)
    {
    }
}
