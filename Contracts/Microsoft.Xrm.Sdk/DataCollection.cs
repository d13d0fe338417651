using System.Collections;

namespace Microsoft.Xrm.Sdk;

/// <summary>
/// A keyed collection that keeps its items in the order they were added. String keys compare ordinally
/// (case-sensitive), as Dataverse logical names and parameter names do.
/// </summary>
/// <typeparam name="TKey">The type of the keys.</typeparam>
/// <typeparam name="TValue">The type of the values.</typeparam>
public abstract class DataCollection<TKey, TValue> : IDictionary<TKey, TValue>, IReadOnlyDictionary<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> _items = [];
    private readonly List<TKey> _order = [];
    private readonly string _itemKind;
    private readonly bool _allowsNull;

    // Only the collections of this assembly derive from it: the sandbox protocol knows each of them.
    private protected DataCollection(string itemKind, bool allowsNull)
    {
        _itemKind = itemKind;
        _allowsNull = allowsNull;
    }

    /// <summary>Gets the number of items.</summary>
    public int Count => _items.Count;

    /// <summary>Gets the keys in the order they were added.</summary>
    public ICollection<TKey> Keys => _order.AsReadOnly();

    /// <summary>Gets the values in the order their keys were added.</summary>
    public ICollection<TValue> Values => _order.Select(key => _items[key]).ToList().AsReadOnly();

    /// <inheritdoc/>
    bool ICollection<KeyValuePair<TKey, TValue>>.IsReadOnly => false;

    /// <inheritdoc/>
    IEnumerable<TKey> IReadOnlyDictionary<TKey, TValue>.Keys => Keys;

    /// <inheritdoc/>
    IEnumerable<TValue> IReadOnlyDictionary<TKey, TValue>.Values => Values;

    /// <summary>Gets the value with the given key (throws <see cref="KeyNotFoundException"/> when absent), or adds or replaces it.</summary>
    /// <param name="key">The key.</param>
    public TValue this[TKey key]
    {
        get => _items.TryGetValue(key, out var value)
            ? value
            : throw new KeyNotFoundException($"There is no {_itemKind} named '{key}'. Use Contains or TryGetValue when it may be absent.");
        set => SetItem(key, value);
    }

    /// <summary>Adds the item, or replaces the value of an existing key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public void SetItem(TKey key, TValue value)
    {
        CheckKey(key);
        CheckValue(key, value);
        if (!_items.ContainsKey(key))
        {
            _order.Add(key);
        }

        _items[key] = value;
    }

    /// <summary>Returns whether an item with the given key exists.</summary>
    /// <param name="key">The key.</param>
    /// <returns>True when the key exists.</returns>
    public bool Contains(TKey key) => _items.ContainsKey(key);

    /// <summary>Returns whether the item exists with exactly this key and value.</summary>
    /// <param name="item">The key and value.</param>
    /// <returns>True when the key exists with an equal value.</returns>
    public bool Contains(KeyValuePair<TKey, TValue> item) =>
        _items.TryGetValue(item.Key, out var value) && EqualityComparer<TValue>.Default.Equals(value, item.Value);

    /// <summary>Returns whether an item with the given key exists; the same as <see cref="Contains(TKey)"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>True when the key exists.</returns>
    public bool ContainsKey(TKey key) => _items.ContainsKey(key);

    /// <summary>Gets the value with the given key when it exists.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, or the default when the key is absent.</param>
    /// <returns>True when the key exists.</returns>
    public bool TryGetValue(TKey key, out TValue value) => _items.TryGetValue(key, out value);

    /// <summary>Gets the value with the given key when it exists and is a <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type the value is expected to have.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, or the default of <typeparamref name="T"/> when the key is absent or its value is null or of another type.</param>
    /// <returns>True when the key exists and its value is a <typeparamref name="T"/>.</returns>
    public bool TryGetValue<T>(TKey key, out T? value)
    {
        if (_items.TryGetValue(key, out var item) && item is T typed)
        {
            value = typed;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Adds an item; throws <see cref="ArgumentException"/> when the key exists (use the indexer to replace).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public void Add(TKey key, TValue value)
    {
        CheckKey(key);
        CheckValue(key, value);
        if (_items.ContainsKey(key))
        {
            throw new ArgumentException($"There already is a {_itemKind} named '{key}'. Use the indexer to replace it.", nameof(key));
        }

        _items.Add(key, value);
        _order.Add(key);
    }

    /// <summary>Adds an item; throws <see cref="ArgumentException"/> when the key exists.</summary>
    /// <param name="item">The key and value.</param>
    public void Add(KeyValuePair<TKey, TValue> item) => Add(item.Key, item.Value);

    /// <summary>Adds items; throws <see cref="ArgumentException"/> when a key exists.</summary>
    /// <param name="items">The keys and values.</param>
    public void AddRange(params KeyValuePair<TKey, TValue>[] items) => AddRange((IEnumerable<KeyValuePair<TKey, TValue>>)items);

    /// <summary>Adds items; throws <see cref="ArgumentException"/> when a key exists.</summary>
    /// <param name="items">The keys and values.</param>
    public void AddRange(IEnumerable<KeyValuePair<TKey, TValue>> items)
    {
        Guard.NotNull(items, nameof(items));
        foreach (var item in items)
        {
            Add(item);
        }
    }

    /// <summary>Removes the item with the given key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>True when an item was removed.</returns>
    public bool Remove(TKey key)
    {
        if (!_items.Remove(key))
        {
            return false;
        }

        _order.Remove(key);
        return true;
    }

    /// <summary>Removes the item when it exists with exactly this key and value.</summary>
    /// <param name="item">The key and value.</param>
    /// <returns>True when an item was removed.</returns>
    public bool Remove(KeyValuePair<TKey, TValue> item) => Contains(item) && Remove(item.Key);

    /// <summary>Removes every item.</summary>
    public void Clear()
    {
        _items.Clear();
        _order.Clear();
    }

    /// <summary>Enumerates the items in the order they were added.</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator()
    {
        foreach (var key in _order)
        {
            yield return new KeyValuePair<TKey, TValue>(key, _items[key]);
        }
    }

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    void ICollection<KeyValuePair<TKey, TValue>>.CopyTo(KeyValuePair<TKey, TValue>[] array, int arrayIndex)
    {
        Guard.NotNull(array, nameof(array));
        foreach (var item in this)
        {
            array[arrayIndex++] = item;
        }
    }

    private static void CheckKey(TKey key)
    {
        if (key is null || (key is string text && text.Length == 0))
        {
            throw new ArgumentException("The key cannot be null or empty.", nameof(key));
        }
    }

    private void CheckValue(TKey key, TValue value)
    {
        if (value is null && !_allowsNull)
        {
            throw new ArgumentNullException(nameof(value), $"The {_itemKind} '{key}' cannot be null.");
        }
    }
}
