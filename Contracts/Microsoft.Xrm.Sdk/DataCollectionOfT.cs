using System.Collections.ObjectModel;

namespace Microsoft.Xrm.Sdk;

/// <summary>An ordered list of items, as the SDK's query and result types hold them.</summary>
/// <typeparam name="T">The type of the items.</typeparam>
public class DataCollection<T> : Collection<T>
{
    /// <summary>Initializes a new, empty list.</summary>
    public DataCollection()
    {
    }

    /// <summary>Initializes a new list that wraps the given one.</summary>
    /// <param name="list">The list to wrap; changes to either show in both.</param>
    public DataCollection(IList<T> list)
        : base(list)
    {
    }

    /// <summary>Adds the items in order.</summary>
    /// <param name="items">The items.</param>
    public void AddRange(params T[] items) => AddRange((IEnumerable<T>)items);

    /// <summary>Adds the items in order.</summary>
    /// <param name="items">The items.</param>
    public void AddRange(IEnumerable<T> items)
    {
        Guard.NotNull(items, nameof(items));
        foreach (var item in items)
        {
            Add(item);
        }
    }
}
