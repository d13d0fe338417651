using System.Collections.ObjectModel;

namespace Microsoft.Xrm.Sdk;

/// <summary>An ordered list of record references, such as the related records of Associate.</summary>
public sealed class EntityReferenceCollection : Collection<EntityReference>
{
    /// <summary>Initializes a new, empty collection.</summary>
    public EntityReferenceCollection()
    {
    }

    /// <summary>Initializes a new collection holding the given references.</summary>
    /// <param name="list">The references.</param>
    public EntityReferenceCollection(IList<EntityReference> list)
    {
        Guard.NotNull(list, nameof(list));
        AddRange(list);
    }

    /// <summary>Adds references at the end.</summary>
    /// <param name="items">The references.</param>
    public void AddRange(params EntityReference[] items) => AddRange((IEnumerable<EntityReference>)items);

    /// <summary>Adds references at the end.</summary>
    /// <param name="items">The references.</param>
    public void AddRange(IEnumerable<EntityReference> items)
    {
        Guard.NotNull(items, nameof(items));
        foreach (var item in items)
        {
            Add(item);
        }
    }
}
