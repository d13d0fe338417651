using System.Buffers.Binary;
using System.Net.Sockets;

namespace PluginHost.Benchmarks.Ipc;

/// <summary>Length-prefixed frames on a stream socket: a 4-byte little-endian length, then that many bytes.</summary>
internal static class Frames
{
    public const int HeaderBytes = 4;

    /// <summary>A frame holding <paramref name="payload"/>, ready to send in one call.</summary>
    public static byte[] Of(ReadOnlySpan<byte> payload)
    {
        var frame = new byte[HeaderBytes + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length);
        payload.CopyTo(frame.AsSpan(HeaderBytes));
        return frame;
    }

    /// <summary>
    /// Receives one whole frame into <paramref name="buffer"/> (grown if needed); returns its total length, or 0 at end
    /// of stream. Reads as much as the socket has, as the product's FrameChannel does, so a frame that arrived whole
    /// costs one receive call, not one for the header and one for the payload. The echo is strictly one frame each
    /// way, so nothing beyond the frame is ever in the socket.
    /// </summary>
    public static int Receive(Socket socket, ref byte[] buffer)
    {
        var filled = 0;
        while (true)
        {
            if (filled >= HeaderBytes)
            {
                var length = BinaryPrimitives.ReadInt32LittleEndian(buffer);
                if (length < 0 || length > 64 * 1024 * 1024)
                {
                    throw new InvalidDataException($"a frame of {length} bytes is not a benchmark frame");
                }

                if (buffer.Length < HeaderBytes + length)
                {
                    Array.Resize(ref buffer, HeaderBytes + length);
                }

                if (filled >= HeaderBytes + length)
                {
                    return HeaderBytes + length;
                }
            }

            var received = socket.Receive(buffer.AsSpan(filled));
            if (received == 0)
            {
                return filled == 0 ? 0 : throw new EndOfStreamException("the connection closed in the middle of a frame");
            }

            filled += received;
        }
    }

    public static void Send(Socket socket, ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            bytes = bytes[socket.Send(bytes)..];
        }
    }
}
