namespace PluginHost.Sandbox.Protocol.Wire;

/// <summary>
/// The buffer a <see cref="FrameChannel"/> writes a frame into: it refuses to grow past the header and
/// <paramref name="maxPayloadBytes"/>, so a frame too large to send fails while it is written, holding no more memory
/// than the limit and sending nothing.
/// </summary>
internal sealed class OutgoingBuffer(int capacity, int headerBytes, int maxPayloadBytes) : MemoryStream(capacity)
{
    public override void Write(byte[] buffer, int offset, int count)
    {
        Check(count);
        base.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Check(buffer.Length);
        base.Write(buffer);
    }

    public override void WriteByte(byte value)
    {
        Check(1);
        base.WriteByte(value);
    }

    private void Check(int count)
    {
        if (Position + count - headerBytes > maxPayloadBytes)
        {
            throw new FrameTooLargeException((FrameType)GetBuffer()[4], maxPayloadBytes);
        }
    }
}
