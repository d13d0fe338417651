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

    /// <summary>Receives one whole frame into <paramref name="buffer"/> (grown if needed); returns its total length, or 0 at end of stream.</summary>
    public static int Receive(Socket socket, ref byte[] buffer)
    {
        if (!ReceiveExactly(socket, buffer.AsSpan(0, HeaderBytes)))
        {
            return 0;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(buffer);
        if (length < 0 || length > 64 * 1024 * 1024)
        {
            throw new InvalidDataException($"a frame of {length} bytes is not a benchmark frame");
        }

        if (buffer.Length < HeaderBytes + length)
        {
            Array.Resize(ref buffer, HeaderBytes + length);
        }

        return ReceiveExactly(socket, buffer.AsSpan(HeaderBytes, length))
            ? HeaderBytes + length
            : throw new EndOfStreamException("the connection closed in the middle of a frame");
    }

    public static void Send(Socket socket, ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            bytes = bytes[socket.Send(bytes)..];
        }
    }

    private static bool ReceiveExactly(Socket socket, Span<byte> target)
    {
        while (target.Length > 0)
        {
            var received = socket.Receive(target);
            if (received == 0)
            {
                return false;
            }

            target = target[received..];
        }

        return true;
    }
}
