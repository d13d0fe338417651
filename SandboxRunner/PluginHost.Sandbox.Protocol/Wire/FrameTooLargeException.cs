namespace PluginHost.Sandbox.Protocol.Wire;

/// <summary>
/// A frame being written grew past the channel's limit. Nothing of it was sent, so the channel and its peer are as
/// healthy as before: the sender may fail just the message that did not fit and go on. (Not an
/// <see cref="InvalidDataException"/>, which means a broken channel to whoever catches it.)
/// </summary>
public sealed class FrameTooLargeException : Exception
{
    /// <summary>Creates the exception for a frame of <paramref name="frameType"/> over <paramref name="limitBytes"/>.</summary>
    public FrameTooLargeException(FrameType frameType, int limitBytes)
        : base($"a {frameType} frame would be larger than the sandbox channel's limit of {limitBytes:N0} bytes")
    {
        FrameType = frameType;
        LimitBytes = limitBytes;
    }

    /// <summary>The kind of frame that did not fit.</summary>
    public FrameType FrameType { get; }

    /// <summary>The largest payload the channel carries.</summary>
    public int LimitBytes { get; }
}
