namespace PluginHost.Contracts;

/// <summary>Snapshots of a record by the alias their image was registered under; an image is never null.</summary>
public sealed class EntityImageCollection : DataCollection<Entity>
{
    /// <summary>Initializes a new, empty collection.</summary>
    public EntityImageCollection()
        : base("image", allowsNull: false)
    {
    }
}
