using System.Collections.ObjectModel;

namespace Microsoft.Xrm.Sdk;

/// <summary>The records a query returned.</summary>
public sealed class EntityCollection
{
    /// <summary>Initializes a new, empty collection.</summary>
    public EntityCollection()
    {
    }

    /// <summary>Initializes a new collection holding the given records.</summary>
    /// <param name="entities">The records.</param>
    public EntityCollection(IEnumerable<Entity> entities)
    {
        Guard.NotNull(entities, nameof(entities));
        foreach (var entity in entities)
        {
            Entities.Add(entity);
        }
    }

    /// <summary>Gets or sets the logical name of the records' entity, when they share one.</summary>
    public string? EntityName { get; set; }

    /// <summary>Gets the records.</summary>
    public Collection<Entity> Entities { get; } = [];
}
