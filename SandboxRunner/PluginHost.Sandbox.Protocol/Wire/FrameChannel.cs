using System.Buffers.Binary;
using System.Net.Sockets;

namespace PluginHost.Sandbox.Protocol.Wire;

/// <summary>
/// Length-prefixed binary frames over a connected Unix-domain socket: a 4-byte little-endian payload length, a
/// <see cref="FrameType"/> byte, then the payload. One sender and one receiver at a time; not thread-safe.
/// </summary>
/// <remarks>
/// Reads are buffered so that a frame usually costs one <c>recv</c>; a frame is sent with one <c>send</c>. Every
/// length that arrives is checked against <see cref="MaxFrameBytes"/> before anything is allocated for it: the peer
/// may be hostile. A frame being written is checked as it grows: one that would pass the limit fails with
/// <see cref="FrameTooLargeException"/> before any of it is sent, and the channel stays usable.
/// </remarks>
public sealed class FrameChannel : IDisposable
{
    /// <summary>The protocol version a worker announces in its <see cref="FrameType.Hello"/>.</summary>
    public const int ProtocolVersion = 3;

    private const int HeaderBytes = 5;
    private const int InitialBufferBytes = 64 * 1024;

    // An outgoing buffer grown past this by a large frame is given back before the next one.
    private const int RetainedBufferBytes = 1024 * 1024;

    private readonly Socket _socket;
    private readonly OutgoingBuffer _outgoing;
    private readonly BinaryWriter _writer;
    private byte[] _incoming = new byte[InitialBufferBytes];
    private int _start;
    private int _end;
    private int _receiveTimeoutMs = -1;

    /// <summary>Wraps a connected socket; the channel owns it from now on.</summary>
    public FrameChannel(Socket socket, int maxFrameBytes)
    {
        ArgumentNullException.ThrowIfNull(socket);
        _socket = socket;
        MaxFrameBytes = maxFrameBytes;
        _outgoing = new OutgoingBuffer(InitialBufferBytes, HeaderBytes, maxFrameBytes);
        _writer = new BinaryWriter(_outgoing);
    }

    /// <summary>The largest payload accepted in either direction.</summary>
    public int MaxFrameBytes { get; }

    /// <summary>
    /// Starts a frame; write its payload to the returned writer, then call <see cref="Send"/>. A write that takes the
    /// payload past <see cref="MaxFrameBytes"/> throws <see cref="FrameTooLargeException"/>; nothing has been sent then.
    /// </summary>
    public BinaryWriter Begin(FrameType type)
    {
        _outgoing.SetLength(HeaderBytes);
        if (_outgoing.Capacity > RetainedBufferBytes)
        {
            _outgoing.Capacity = InitialBufferBytes;
        }

        _outgoing.Position = HeaderBytes;
        _outgoing.GetBuffer()[4] = (byte)type;
        return _writer;
    }

    /// <summary>Sends the frame begun with <see cref="Begin"/>.</summary>
    /// <exception cref="FrameTooLargeException">The payload is larger than <see cref="MaxFrameBytes"/>; nothing was sent.</exception>
    /// <exception cref="IOException">The peer has gone.</exception>
    public void Send()
    {
        _writer.Flush();
        var length = (int)_outgoing.Length;
        var payload = length - HeaderBytes;
        if (payload > MaxFrameBytes)
        {
            throw new FrameTooLargeException((FrameType)_outgoing.GetBuffer()[4], MaxFrameBytes);
        }

        var buffer = _outgoing.GetBuffer();
        BinaryPrimitives.WriteInt32LittleEndian(buffer, payload);
        try
        {
            for (var sent = 0; sent < length;)
            {
                sent += _socket.Send(buffer, sent, length - sent, SocketFlags.None);
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            throw new IOException("the other end of the sandbox channel has gone", exception);
        }
    }

    /// <summary>
    /// Waits for the next frame. The payload reader is valid until the next call to <see cref="Receive"/>.
    /// </summary>
    /// <param name="timeout">How long to wait at most; <see cref="Timeout.InfiniteTimeSpan"/> waits for ever.</param>
    /// <exception cref="TimeoutException">No whole frame arrived in time.</exception>
    /// <exception cref="EndOfStreamException">The peer closed the channel.</exception>
    /// <exception cref="InvalidDataException">The peer sent a frame that breaks the protocol.</exception>
    public Frame Receive(TimeSpan timeout)
    {
        var deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)Math.Ceiling(timeout.TotalMilliseconds);
        ShrinkAfterLargeFrame();
        Fill(HeaderBytes, deadline);
        var payload = BinaryPrimitives.ReadInt32LittleEndian(_incoming.AsSpan(_start));
        var type = (FrameType)_incoming[_start + 4];
        if (payload < 0 || payload > MaxFrameBytes)
        {
            throw new InvalidDataException($"the peer announced a {type} frame of {payload} bytes; the limit is {MaxFrameBytes}");
        }

        if (!Enum.IsDefined(type))
        {
            throw new InvalidDataException($"the peer sent a frame of unknown type {(byte)type}");
        }

        Fill(HeaderBytes + payload, deadline);
        var frame = new Frame(type, new FrameReader(new MemoryStream(_incoming, _start + HeaderBytes, payload, writable: false)));
        _start += HeaderBytes + payload;
        return frame;
    }

    /// <summary>Closes the socket; a peer blocked in a read sees the end of the stream.</summary>
    public void Dispose()
    {
        _socket.Dispose();
        _writer.Dispose();
    }

    /// <summary>One large frame must not pin a large buffer for the channel's lifetime (a worker may send one on purpose).</summary>
    private void ShrinkAfterLargeFrame()
    {
        if (_incoming.Length > InitialBufferBytes && _end - _start <= InitialBufferBytes)
        {
            var smaller = new byte[InitialBufferBytes];
            Buffer.BlockCopy(_incoming, _start, smaller, 0, _end - _start);
            _end -= _start;
            _start = 0;
            _incoming = smaller;
        }
    }

    /// <summary>Makes sure <paramref name="count"/> bytes from <see cref="_start"/> are buffered.</summary>
    private void Fill(int count, long deadline)
    {
        if (_end - _start >= count)
        {
            return;
        }

        if (_start + count > _incoming.Length)
        {
            // Move what is buffered to the front, growing the buffer when one frame needs more room.
            var target = count > _incoming.Length ? new byte[Math.Max(count, _incoming.Length * 2)] : _incoming;
            Buffer.BlockCopy(_incoming, _start, target, 0, _end - _start);
            _end -= _start;
            _start = 0;
            _incoming = target;
        }

        while (_end - _start < count)
        {
            SetReceiveTimeout(deadline);
            int received;
            try
            {
                received = _socket.Receive(_incoming, _end, _incoming.Length - _end, SocketFlags.None);
            }
            catch (SocketException exception) when (exception.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                throw new TimeoutException("no frame arrived from the sandbox channel in time", exception);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                throw new EndOfStreamException("the sandbox channel was closed", exception);
            }

            if (received == 0)
            {
                throw new EndOfStreamException("the other end closed the sandbox channel");
            }

            _end += received;
        }
    }

    private void SetReceiveTimeout(long deadline)
    {
        const int Infinite = 0;
        var timeoutMs = Infinite;
        if (deadline != long.MaxValue)
        {
            var remaining = deadline - Environment.TickCount64;
            timeoutMs = remaining > 0 ? (int)Math.Min(remaining, int.MaxValue) : throw new TimeoutException("no frame arrived from the sandbox channel in time");
        }

        // SO_RCVTIMEO costs a system call: keep the one in force while it is within a few milliseconds of the deadline.
        var close = timeoutMs != Infinite && _receiveTimeoutMs > Infinite && Math.Abs(_receiveTimeoutMs - timeoutMs) <= 5;
        if (timeoutMs != _receiveTimeoutMs && !close)
        {
            _socket.ReceiveTimeout = timeoutMs;
            _receiveTimeoutMs = timeoutMs;
        }
    }
}

/// <summary>One received frame: its type and a reader over its payload.</summary>
public readonly record struct Frame(FrameType Type, BinaryReader Payload);
