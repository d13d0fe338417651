using System.Numerics;
using System.Runtime.CompilerServices;

namespace PluginHost.Registration.Scanning;

/// <summary>
/// A map from a blob's heap offset to a value, for one scan: open addressing with linear probing. A lookup is two
/// array reads, with no comparer to call through, and the arrays are split in pages of 1,024 slots so that none
/// lands on the large-object heap (a table there every scan means a full garbage collection every few scans).
/// </summary>
internal sealed class BlobTable<T>
{
    private const int PageBits = 10;
    private const int PageMask = (1 << PageBits) - 1;

    /// <summary>Offsets plus one: 0 marks a free slot, and the nil blob has offset 0.</summary>
    private int[][] _keys;
    private T[][] _values;
    private int _mask;
    private int _count;

    /// <summary>Sized for <paramref name="expectedCount"/> entries at most three quarters full, so it rarely grows.</summary>
    public BlobTable(int expectedCount)
    {
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1 << PageBits, expectedCount * 4 / 3));
        (_keys, _values, _mask) = (NewPages<int>(size), NewPages<T>(size), size - 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetValue(int offset, out T value)
    {
        var key = offset + 1;
        for (var slot = Hash(key) & _mask; ; slot = (slot + 1) & _mask)
        {
            var found = _keys[slot >> PageBits][slot & PageMask];
            if (found == key)
            {
                value = _values[slot >> PageBits][slot & PageMask];
                return true;
            }

            if (found == 0)
            {
                value = default!;
                return false;
            }
        }
    }

    /// <summary>Adds an offset that is not in the table yet.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(int offset, T value)
    {
        if (_count >= (_mask + 1) / 4 * 3)
        {
            Grow();
        }

        Insert(offset + 1, value);
        _count++;
    }

    private void Insert(int key, T value)
    {
        var slot = Hash(key) & _mask;
        while (_keys[slot >> PageBits][slot & PageMask] != 0)
        {
            slot = (slot + 1) & _mask;
        }

        _keys[slot >> PageBits][slot & PageMask] = key;
        _values[slot >> PageBits][slot & PageMask] = value;
    }

    private void Grow()
    {
        var (keys, values, size) = (_keys, _values, _mask + 1);
        (_keys, _values, _mask) = (NewPages<int>(size * 2), NewPages<T>(size * 2), (size * 2) - 1);
        for (var slot = 0; slot < size; slot++)
        {
            if (keys[slot >> PageBits][slot & PageMask] is var key and not 0)
            {
                Insert(key, values[slot >> PageBits][slot & PageMask]);
            }
        }
    }

    /// <summary>Fibonacci hashing: offsets of neighbouring blobs land far apart.</summary>
    private static int Hash(int key) => (int)(((uint)key * 0x9E3779B1u) >> 7);

    private static TItem[][] NewPages<TItem>(int size)
    {
        var pages = new TItem[size >> PageBits][];
        for (var page = 0; page < pages.Length; page++)
        {
            pages[page] = new TItem[1 << PageBits];
        }

        return pages;
    }
}
