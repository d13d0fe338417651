namespace PluginHost.Registration.Inspection;

/// <summary>The exceptions System.Reflection.Metadata throws on an image it cannot read.</summary>
internal static class UnreadableImage
{
    /// <summary>
    /// Whether <paramref name="exception"/> means the bytes are malformed rather than that the reader has a bug: a
    /// truncated or corrupt image throws BadImageFormatException, but header counts and offsets that no compiler
    /// writes (65,535 metadata streams, a heap that ends past the file, a handle of the wrong kind) surface as
    /// overflow, argument, index, cast or invalid-operation errors from inside the reader.
    /// </summary>
    public static bool Is(Exception exception) =>
        exception is BadImageFormatException
            or InvalidOperationException
            or ArgumentException
            or IndexOutOfRangeException
            or OverflowException
            or InvalidCastException
            or NotSupportedException;

    /// <summary>What to tell the user: the reader's message, or for an overflow (whose message names no input) what overflowed.</summary>
    public static string Describe(Exception exception) =>
        exception is OverflowException ? "a count or size in its headers is out of range" : exception.Message;
}
