namespace PluginHost.Sandbox.Protocol.Wire;

/// <summary>
/// The reader over one received frame. Besides reading, it keeps decoding in proportion to the frame: the value codec
/// checks every count against the bytes left, but a few bytes can still become an object of hundreds (3 bytes make a
/// ColumnSet, 8 a QueryExpression: 32 and 95 times their size), so a frame built for it could make its reader allocate
/// gigabytes. Decoding one frame may allocate at most <see cref="AllowancePerByte"/> bytes per byte of the frame plus
/// <see cref="AllowanceFloorBytes"/>; past that the frame is refused as corrupt.
/// </summary>
/// <remarks>
/// The allowance is what genuine content can need: an <c>Entity</c> costs about 750 bytes however small, so a page of
/// records that carry little more than their ids takes 25–30 bytes per byte. Allocation is measured, not estimated,
/// with the runtime's per-thread counter, so the check is exact and costs a counter read every few values.
/// </remarks>
internal sealed class FrameReader : BinaryReader
{
    /// <summary>Bytes decoding may allocate per byte of the frame.</summary>
    public const int AllowancePerByte = 32;

    /// <summary>Bytes decoding may allocate whatever the frame's size.</summary>
    public const long AllowanceFloorBytes = 16L * 1024 * 1024;

    // Values read between two looks at the counter: bounds what one look can miss to a few KB.
    private const int ValuesPerCheck = 64;

    private readonly long _allowance;
    private readonly int _thread;
    private readonly long _start;
    private int _values;

    public FrameReader(MemoryStream payload)
        : base(payload)
    {
        _allowance = (payload.Length * AllowancePerByte) + AllowanceFloorBytes;
        _thread = Environment.CurrentManagedThreadId;
        _start = GC.GetAllocatedBytesForCurrentThread();
    }

    /// <summary>Before allocating <paramref name="bytes"/> more: refuses the frame if that would pass its allowance.</summary>
    /// <exception cref="InvalidDataException">Decoding would take more than the frame's allowance.</exception>
    public void Charge(long bytes)
    {
        // The counter is per thread: a frame handed to another thread to decode is not measured.
        if (Environment.CurrentManagedThreadId != _thread)
        {
            return;
        }

        var used = GC.GetAllocatedBytesForCurrentThread() - _start;
        if (used + bytes > _allowance)
        {
            throw new InvalidDataException(
                $"decoding the frame would take more than {_allowance:N0} bytes of memory, {AllowancePerByte} per byte of a {BaseStream.Length:N0}-byte frame: it is built to exhaust memory");
        }
    }

    /// <summary>Counts one decoded value, looking at the allocation counter every few.</summary>
    public void CountValue()
    {
        if (++_values % ValuesPerCheck == 0)
        {
            Charge(0);
        }
    }
}
