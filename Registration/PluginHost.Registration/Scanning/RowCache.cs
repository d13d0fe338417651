using System.Diagnostics.CodeAnalysis;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Runtime.CompilerServices;

namespace PluginHost.Registration.Scanning;

/// <summary>
/// A value per row of one metadata table, worked out once and kept in an array indexed by row; one per scan. A row
/// outside the table is never kept: reading it throws, and the scan reports the image as unreadable.
/// </summary>
/// <remarks>
/// Values are references so that null can mark a row not worked out yet: the array stays one pointer a row, which
/// keeps it off the large-object heap for tables of up to about 10,000 rows (see <see cref="BlobTable{T}"/>).
/// </remarks>
internal sealed class RowCache<T>(MetadataReader reader, TableIndex table)
    where T : class
{
    /// <summary>Slot 0 stands for the nil handle and stays empty.</summary>
    private readonly T?[] _rows = new T?[reader.GetTableRowCount(table) + 1];

    /// <summary>The value kept for the row of <paramref name="handle"/>, if one was.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetValue(EntityHandle handle, [NotNullWhen(true)] out T? value)
    {
        var row = MetadataTokens.GetRowNumber(handle);
        value = (uint)row < (uint)_rows.Length ? _rows[row] : null;
        return value is not null;
    }

    /// <summary>Keeps <paramref name="value"/> for the row of <paramref name="handle"/> if it is in the table, and returns it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public T Add(EntityHandle handle, T value)
    {
        var row = MetadataTokens.GetRowNumber(handle);
        if (row > 0 && row < _rows.Length)
        {
            _rows[row] = value;
        }

        return value;
    }
}
