using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace PluginHost.Contracts;

/// <summary>
/// A string-keyed collection that keeps its items in the order they were added. Keys compare ordinally (case-sensitive),
/// as Dataverse logical names and parameter names do.
/// </summary>
/// <typeparam name="TValue">The type of the values.</typeparam>
public abstract class DataCollection<TValue> : IDictionary<string, TValue>, IReadOnlyDictionary<string, TValue>
{
    private readonly OrderedDictionary<string, TValue> _items = [];
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
    public ICollection<string> Keys => _items.Keys;

    /// <summary>Gets the values in the order their keys were added.</summary>
    public ICollection<TValue> Values => _items.Values;

    /// <inheritdoc/>
    bool ICollection<KeyValuePair<string, TValue>>.IsReadOnly => false;

    /// <inheritdoc/>
    IEnumerable<string> IReadOnlyDictionary<string, TValue>.Keys => _items.Keys;

    /// <inheritdoc/>
    IEnumerable<TValue> IReadOnlyDictionary<string, TValue>.Values => _items.Values;

    /// <summary>Gets the value with the given key (throws <see cref="KeyNotFoundException"/> when absent), or adds or replaces it.</summary>
    /// <param name="key">The key.</param>
    public TValue this[string key]
    {
        get => _items.TryGetValue(key, out var value)
            ? value
            : throw new KeyNotFoundException($"There is no {_itemKind} named '{key}'. Use Contains or TryGetValue when it may be absent.");
        set => _items[CheckKey(key)] = CheckValue(key, value);
    }

    /// <summary>Returns whether an item with the given key exists.</summary>
    /// <param name="key">The key.</param>
    /// <returns>True when the key exists.</returns>
    public bool Contains(string key) => _items.ContainsKey(key);

    /// <summary>Returns whether an item with the given key exists; the same as <see cref="Contains(string)"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>True when the key exists.</returns>
    public bool ContainsKey(string key) => _items.ContainsKey(key);

    /// <summary>Gets the value with the given key when it exists.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, or the default when the key is absent.</param>
    /// <returns>True when the key exists.</returns>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value) => _items.TryGetValue(key, out value);

    /// <summary>Adds an item; throws <see cref="ArgumentException"/> when the key exists (use the indexer to replace).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public void Add(string key, TValue value)
    {
        if (!_items.TryAdd(CheckKey(key), CheckValue(key, value)))
        {
            throw new ArgumentException($"There already is a {_itemKind} named '{key}'. Use the indexer to replace it.", nameof(key));
        }
    }

    /// <summary>Removes the item with the given key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>True when an item was removed.</returns>
    public bool Remove(string key) => _items.Remove(key);

    /// <summary>Removes every item.</summary>
    public void Clear() => _items.Clear();

    /// <summary>Enumerates the items in the order they were added.</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    void ICollection<KeyValuePair<string, TValue>>.Add(KeyValuePair<string, TValue> item) => Add(item.Key, item.Value);

    /// <inheritdoc/>
    bool ICollection<KeyValuePair<string, TValue>>.Contains(KeyValuePair<string, TValue> item) =>
        ((ICollection<KeyValuePair<string, TValue>>)_items).Contains(item);

    /// <inheritdoc/>
    void ICollection<KeyValuePair<string, TValue>>.CopyTo(KeyValuePair<string, TValue>[] array, int arrayIndex) =>
        ((ICollection<KeyValuePair<string, TValue>>)_items).CopyTo(array, arrayIndex);

    /// <inheritdoc/>
    bool ICollection<KeyValuePair<string, TValue>>.Remove(KeyValuePair<string, TValue> item) =>
        ((ICollection<KeyValuePair<string, TValue>>)_items).Remove(item);

    private static string CheckKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return key;
    }

    private TValue CheckValue(string key, TValue value) =>
        value is null && !_allowsNull ? throw new ArgumentNullException(nameof(value), $"The {_itemKind} '{key}' cannot be null.") : value;
}
